#!/bin/sh
# Two tend processes writing to one journal at once (two terminals): both
# entries land, or the second fails with a clear message; no commit ever
# drops a file its parent had.  CONCURRENT_ROUNDS sets the rounds (50).
. "$(dirname "$0")/lib.sh"

rounds=${CONCURRENT_ROUNDS:-50}
half=$((rounds / 2))

# Run "$1" and "$2" at the same moment; each leaves its status and stderr.
both() {
	sh -c "$1" >a.out 2>a.err &
	pid_a=$!
	sh -c "$2" >b.out 2>b.err &
	pid_b=$!
	wait $pid_a
	echo $? >a.status
	wait $pid_b
	echo $? >b.status
}

# Side $1 (a or b) wrote entry $2: landed (exit 0, in HEAD) or refused
# clearly (exit 1, "busy"); anything else is a problem.
landed_or_refused() {
	case $(cat $1.status) in
	0)	git -C journal ls-tree -r --name-only HEAD | grep -q "/$2\.md\$" ||
		    echo "round $i: $1 said it wrote $2, which is not in HEAD"
		echo landed >>tally ;;
	1)	grep -q "^tend: .*the journal is busy: process [0-9]*, still running" $1.err ||
		    echo "round $i: $1 failed unclearly: $(cat $1.err)"
		echo refused >>tally ;;
	*)	echo "round $i: $1 exited $(cat $1.status): $(cat $1.err)" ;;
	esac
}

# No commit of the history removes a file its first parent had.
no_drops() {
	git -C journal rev-list HEAD | while read -r commit; do
		git -C journal rev-parse -q --verify "$commit^" >/dev/null || continue
		git -C journal diff --name-status "$commit^" "$commit" |
		    grep "^D" | sed "s/^/$commit dropped /"
	done
}

test_expect_success 'setup' '
	make_journal &&
	: >tally
'

test_expect_success "$rounds rounds of a check-in and a resentment raised at once" '
	i=0 &&
	while [ $i -lt $rounds ]; do
		i=$((i + 1))
		day=$(date -u -d "2001-01-01 + $i days" +%Y-%m-%d)
		both "tend -C journal checkin $all_pillars --date $day" \
		    "tend -C journal resent -k hurt --raise -m \"Round $i.\" \"Round $i\""
		landed_or_refused a "$day-alex"
		landed_or_refused b "$(cat b.out)"
	done >problems 2>&1;
	cat problems && test ! -s problems
'

test_expect_success "$half rounds of two check-ins at once" '
	i=0 &&
	while [ $i -lt $half ]; do
		i=$((i + 1))
		day1=$(date -u -d "2002-01-01 + $i days" +%Y-%m-%d)
		day2=$(date -u -d "2003-01-01 + $i days" +%Y-%m-%d)
		both "tend -C journal checkin $all_pillars --date $day1" \
		    "tend -C journal checkin $all_pillars --date $day2"
		landed_or_refused a "$day1-alex"
		landed_or_refused b "$day2-alex"
	done >problems 2>&1;
	cat problems && test ! -s problems
'

test_expect_success "$half rounds of two resentments raised at once" '
	i=0 &&
	while [ $i -lt $half ]; do
		i=$((i + 1))
		both "tend -C journal resent -k need --raise \"First $i\"" \
		    "tend -C journal resent -k need --raise \"Second $i\""
		landed_or_refused a "$(cat a.out)"
		landed_or_refused b "$(cat b.out)"
	done >problems 2>&1;
	cat problems && test ! -s problems
'

# Both read that the name is free, then write: only the lock keeps the
# second from taking the same file.
test_expect_success "$half rounds of two resentments of one title at once" '
	i=0 &&
	while [ $i -lt $half ]; do
		i=$((i + 1))
		both "tend -C journal resent -k need --raise \"Same $i\"" \
		    "tend -C journal resent -k need --raise \"Same $i\""
		landed_or_refused a "$(cat a.out)"
		landed_or_refused b "$(cat b.out)"
		if [ "$(cat a.status)$(cat b.status)" = 00 ] &&
		    [ "$(cat a.out)" = "$(cat b.out)" ]; then
			echo "round $i: both wrote $(cat a.out): one is lost"
		fi
	done >problems 2>&1;
	cat problems && test ! -s problems
'

test_expect_success 'a private note and a raised one at once: both stores whole' '
	i=0 &&
	while [ $i -lt 10 ]; do
		i=$((i + 1))
		both "tend -C journal resent -k hurt \"Private $i\"" \
		    "tend -C journal resent -k hurt --raise \"Raised $i\""
		test "$(cat a.status)$(cat b.status)" = 00 || return 1
		git -C journal/.git/tend/private cat-file -e "HEAD:resent/$(cat a.out).md" &&
		git -C journal cat-file -e "HEAD:resent/$(cat b.out).md" || return 1
	done
'

test_expect_success 'tend and a git commit at once: both land, nothing dropped' '
	git -C journal config user.name Alex &&
	git -C journal config user.email alex@example.org &&
	i=0 &&
	while [ $i -lt 20 ]; do
		i=$((i + 1))
		day=$(date -u -d "2004-01-01 + $i days" +%Y-%m-%d)
		echo "note $i" >journal/note-$i.txt
		both "tend -C journal checkin $all_pillars --date $day" \
		    "git -C journal add note-$i.txt && git -C journal commit -q -m note-$i"
		# git gives up while tend holds index.lock or moves HEAD under
		# it (git does not retry); tend waits for git.
		test "$(cat a.status)" = 0 || { cat a.err; return 1; }
		git -C journal ls-tree -r --name-only HEAD | grep -q "/$day-alex\.md\$" ||
		    { echo "$day lost"; return 1; }
		if [ "$(cat b.status)" != 0 ]; then
			grep -q "index.lock\|cannot lock ref" b.err ||
			    { cat b.err; return 1; }
			# git commit reads the index before it locks it, and
			# writes back what it read before it fails: read before
			# tend staged its entry, it unstages it (git has this
			# race between any two commands that write the index).
			# HEAD has the entry; a user would stage it back.
			gone=$(git -C journal diff --cached --name-only \
			    --diff-filter=D HEAD) &&
			if [ -n "$gone" ]; then
				case $gone in
				checkin/????/??/$day-alex.md) ;;
				*) echo "round $i: $gone unstaged"; return 1 ;;
				esac
				grep -q "cannot lock ref" b.err ||
				    { echo "round $i: $gone unstaged"; return 1; }
				echo "$gone" >>unstaged-by-git &&
				git -C journal reset -q HEAD -- "$gone" || return 1
			fi
			git -C journal add note-$i.txt &&
			git -C journal commit -q -m note-$i || return 1
		fi
		git -C journal cat-file -e HEAD:note-$i.txt || return 1
	done
'

# The moment the rounds above hit only now and then, made certain: a git
# commit lands between tend staging its entry and committing it, and so
# takes the staged entry in.  The entry must stay staged, or the next git
# commit would drop it from HEAD.  The shim stands in front of libgit2, so
# it runs the tend linked with the shared libraries (make tests/tend-shared).
shim=$SRC_DIR/tests/faultshim.so
shared=$SRC_DIR/tests/tend-shared
if [ -f "$shim" ] && [ -x "$shared" ] &&
    ! grep -q fsanitize "$SRC_DIR/.build-flags" 2>/dev/null
then
	test_expect_success 'a git commit between staging and committing drops nothing' '
		make_journal race &&
		git -C race config user.name Alex &&
		git -C race config user.email alex@example.org &&
		echo note >race/note.txt &&
		git -C race add note.txt &&
		TEND_BEFORE_COMMIT="git -C race commit -q -m between" \
		LD_PRELOAD=$shim "$shared" -C race checkin $all_pillars \
		    --date 2005-01-05 >/dev/null &&
		path=checkin/2005/01/2005-01-05-alex.md &&
		test "$(git -C race log -1 --format=%s)" = between &&
		git -C race cat-file -e "HEAD:$path" &&
		test "$(git -C race ls-files "$path")" = "$path" &&
		test -z "$(git -C race status --porcelain)" &&
		echo more >race/other.txt &&
		git -C race add other.txt &&
		git -C race commit -q -m other &&
		git -C race cat-file -e "HEAD:$path"
	'
else
	test_skip 'a git commit between staging and committing' \
	    'tests/faultshim.so or tests/tend-shared is not built, or this is the sanitizer build'
fi

test_expect_success 'no commit dropped a file of its parent' '
	no_drops >drops;
	cat drops && test ! -s drops
'

test_expect_success 'the journal is whole: fsck, git status clean, no lock left' '
	git -C journal fsck --full --strict &&
	git -C journal/.git/tend/private fsck --full --strict &&
	test -z "$(git -C journal status --porcelain)" &&
	test ! -e journal/.git/tend/lock &&
	test ! -e journal/.git/index.lock
'

echo "# concurrent writes: $(grep -c landed tally) landed, $(grep -c refused tally) refused as busy"

test_done
