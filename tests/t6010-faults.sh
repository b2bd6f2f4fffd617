#!/bin/sh
# A disk that fails: write, fsync, rename or a file's creation fails with
# EIO or ENOSPC at each call in turn (tests/faultshim.so).  Every command
# then fails with one line and exit 1 (or succeeds whole), and leaves the
# journal as it was: HEAD unchanged or one whole new commit, git status as
# before, fsck clean, no temporary or lock file behind.  FAULT_ERRNOS
# chooses the errors (default: ENOSPC for write and openat, EIO for fsync
# and rename); FAULT_CALLS the calls; FAULT_STRIDE=2 tries every other N
# (make check does, make stress tries each).
. "$(dirname "$0")/lib.sh"

shim=$SRC_DIR/tests/faultshim.so
calls=${FAULT_CALLS:-write fsync rename openat}

if ! [ -f "$shim" ]; then
	test_skip 'faults' 'tests/faultshim.so is not built: run make check'
	test_done
	exit
fi
# A sanitizer's runtime must come first: no preloading into that build.
if grep -q fsanitize "$SRC_DIR/.build-flags" 2>/dev/null; then
	test_skip 'faults' 'the sanitizer build cannot take an LD_PRELOAD shim'
	test_done
	exit
fi

# The state a failed command must leave: HEADs and git status of the
# journal, its private store and the remote.
snapshot() {
	for dir in journal journal/.git/tend/private; do
		echo "$dir HEAD $(git -C $dir rev-parse HEAD 2>/dev/null)"
		git -C $dir status --porcelain --untracked-files=all 2>/dev/null |
		    sed "s|^|$dir status |"
	done
	echo "remote HEAD $(git -C remote.git rev-parse HEAD)"
}

# What no command may leave behind, empty folders in either work tree
# included.
leftovers() {
	find journal remote.git \( -name '*.tmp-*' -o -name 'tmp_*' -o \
	    -name '*.lock' -o -path '*/.git/tend/lock' -o \
	    -name 'private.new' \) -print
	find journal journal/.git/tend/private -path '*/.git' -prune -o \
	    -type d -empty -print 2>/dev/null
}

fsck_all() {
	for dir in journal journal/.git/tend/private remote.git; do
		[ -d $dir ] || continue
		git -C $dir fsck --full --no-progress >/dev/null 2>fsck.err || {
			echo "fsck failed in $dir"; cat fsck.err; return 1; }
	done
}

# fault_one NAME CALL ERRNO N COMMAND...: run COMMAND with the Nth CALL
# failing, then check what it left.
fault_one() {
	name=$1 call=$2 code=$3 n=$4
	shift 4
	snapshot >before
	TEND_FAULT=$call:$code:$n FAULT_PRELOAD=$shim "$@" >out 2>err
	status=$?
	echo "$status" >>"$TRASH/statuses"
	problem=
	case $status in
	0)	;;	# It worked despite the fault: checked below.
	1)
		if [ "$(wc -l <err)" != 1 ] || ! grep -q '^tend: ' err; then
			problem="not one line: $(cat err)"
		fi
		snapshot >after
		# The work trees as they were; a HEAD as it was, or moved on
		# by whole commits (finishing an earlier move, a push that
		# landed before a later step failed).
		if ! cmp -s before after; then
			grep -v " HEAD " before >before.status
			grep -v " HEAD " after >after.status
			cmp -s before.status after.status ||
			    problem="$problem; the state changed: $(diff before.status after.status | tr '\n' ' ')"
			grep " HEAD " before >before.heads
			grep " HEAD " after >after.heads
			paste -d " " before.heads after.heads |
			while read -r dir x old y z new; do
				[ "$old" != "$new" ] || continue
				[ $dir = remote ] && dir=remote.git
				git -C $dir merge-base --is-ancestor "$old" "$new" 2>/dev/null ||
				    echo "$dir HEAD $old was replaced by $new"
			done >rewritten
			[ -s rewritten ] && problem="$problem; $(cat rewritten)"
		fi ;;
	*)	problem="exit $status: $(cat err)" ;;
	esac
	left=$(leftovers)
	[ -n "$left" ] && problem="$problem; left behind: $left"
	fsck_all >fsck.out || problem="$problem; $(cat fsck.out)"
	# What the command reported done is all there.
	[ $status = 0 ] && [ -n "$(git -C journal status --porcelain)" ] &&
	    problem="$problem; succeeded but left $(git -C journal status --porcelain)"
	if [ -n "$problem" ]; then
		echo "$name $call:$code:$n: $problem"
		# Put things back so that the next run starts clean.
		rm -rf $left
	fi
	return 0
}

# fault_all NAME SETUP COMMAND...: each call, each N up to the count of
# that call in one run of COMMAND (after SETUP, run before each try).
fault_all() {
	name=$1 setup=$2
	shift 2
	eval "$setup" >/dev/null || { echo "setup of $name failed"; return 1; }
	rm -f counts
	TEND_FAULT_COUNT=$TRASH/counts FAULT_PRELOAD=$shim "$@" >/dev/null ||
	    { echo "$name fails without a fault"; return 1; }
	for call in $calls; do
		total=$(awk -v c=$call '$1 == c { n += $2 } END { print n + 0 }' counts)
		case $call in
		write|openat) codes=${FAULT_ERRNOS:-ENOSPC} ;;
		*) codes=${FAULT_ERRNOS:-EIO} ;;
		esac
		for code in $codes; do
			n=1
			while [ $n -le "$total" ]; do
				eval "$setup" >/dev/null ||
				    { echo "setup of $name failed"; return 1; }
				fault_one "$name" $call $code $n "$@"
				n=$((n + ${FAULT_STRIDE:-1}))
			done
		done
	done
}


test_expect_success 'setup' '
	make_journal &&
	git init -q --bare remote.git &&
	git -C journal remote add origin "file://$TRASH/remote.git" &&
	tend -C journal agree new rota -m "- We take turns." >/dev/null &&
	tend -C journal resent -k hurt "Started the journal" >/dev/null &&
	tend -C journal sync >/dev/null
'

# Each command, with fresh input each run (a counter in the file n).
cat >run <<\EOF
n=$(($(cat n 2>/dev/null || echo 0) + 1))
echo $n >n
day=$(date -u -d "2001-01-01 + $n days" +%Y-%m-%d)
case $1 in
checkin) exec env LD_PRELOAD="$FAULT_PRELOAD" tend -C journal checkin \
	-r vulnerability=4 -r listening=3 -r empathy=5 -r affirmation=4 \
	-r shared=2 --date $day ;;
reflect) exec env LD_PRELOAD="$FAULT_PRELOAD" tend -C journal reflect \
	-m "Thought $n." ;;
raise)	exec env LD_PRELOAD="$FAULT_PRELOAD" tend -C journal resent raise \
	"$(cat rid)" ;;
agree)	exec env LD_PRELOAD="$FAULT_PRELOAD" tend -C journal agree edit rota \
	-m "- Turn $n." ;;
sync)	exec env LD_PRELOAD="$FAULT_PRELOAD" tend -C journal sync ;;
esac
EOF

test_expect_success 'check-in under faults' '
	fault_all checkin : sh run checkin >problems;
	cat problems && test ! -s problems
'

test_expect_success 'private reflection under faults' '
	fault_all reflect : sh run reflect >problems;
	cat problems && test ! -s problems
'

test_expect_success 'raising a resentment under faults' '
	fault_all raise "tend -C journal resent -k hurt -m Text \"Again \$(cat n)\" >rid" \
	    sh run raise >problems;
	cat problems && test ! -s problems
'

test_expect_success 'editing an agreement under faults' '
	fault_all agree : sh run agree >problems;
	cat problems && test ! -s problems
'

test_expect_success 'sync (file://) under faults' '
	fault_all sync "tend -C journal checkin $all_pillars --date \$(date -u -d \"1990-01-01 + \$(cat n) days\" +%Y-%m-%d)" \
	    sh run sync >problems;
	cat problems && test ! -s problems
'

# Taking a partner's commits in moves the work tree first, then the
# branch.  Whatever fault cuts that short (each N of each call: a write
# cut short leaves the start of a file), the next sync must finish it:
# a clean journal that holds the partner's entry, never the partner's
# files left as if they were local changes.
cut_short() {
	mode=$1 call=$2 n=$3
	k=$(($(cat k 2>/dev/null || echo 0) + 1))
	echo $k >k
	day=$(date -u -d "1970-01-01 + $k days" +%Y-%m-%d)
	tend -C sam checkin $all_pillars --date $day >/dev/null &&
	path=$(git -C sam log -1 --format= --name-only) &&
	test -n "$path" &&
	tend -C sam sync >/dev/null ||
	    { echo "$mode $call $n: Sam cannot check in and sync"; return 0; }
	if [ $mode = merge ]; then
		tend -C journal checkin $all_pillars --date $day >/dev/null ||
		    { echo "$mode $call $n: cannot check in"; return 0; }
	fi
	case $call in
	write|openat) code=ENOSPC ;;
	*) code=EIO ;;
	esac
	if [ -n "$call" ]; then
		TEND_FAULT=$call:$code:$n LD_PRELOAD=$shim tend -C journal sync \
		    >/dev/null 2>&1
	else
		TEND_FAULT_COUNT=$TRASH/counts LD_PRELOAD=$shim \
		    tend -C journal sync >/dev/null 2>&1
	fi
	echo $? >>"$TRASH/statuses"
	tend -C journal sync >/dev/null 2>err ||
	    echo "$mode $call $n: the next sync failed: $(cat err)"
	left=$(git -C journal status --porcelain)
	[ -z "$left" ] || echo "$mode $call $n: left $left"
	git -C journal cat-file -e "HEAD:$path" 2>/dev/null ||
	    echo "$mode $call $n: Sam's $path is not in the journal"
	rm -f journal/.git/tend/lock
	return 0
}

test_expect_success 'a sync cut short while taking in is finished by the next' '
	tend clone --me "Sam <sam@example.org>" "file://$TRASH/remote.git" \
	    sam >/dev/null &&
	for mode in fast-forward merge; do
		rm -f counts &&
		cut_short $mode "" 0 &&
		for call in $calls; do
			total=$(awk -v c=$call "\$1 == c { print \$2 }" counts) &&
			n=1 &&
			while [ $n -le "$total" ]; do
				cut_short $mode $call $n
				n=$((n + 1))
			done
		done
	done >problems;
	cat problems && test ! -s problems
'

test_expect_success 'a change made since to what a cut-short sync took in stops tend' '
	tend -C sam checkin $all_pillars -m "From Sam." --date 1980-01-01 \
	    >/dev/null &&
	path=$(git -C sam log -1 --format= --name-only) &&
	test -n "$path" &&
	tend -C sam sync >/dev/null &&
	head=$(git -C journal rev-parse HEAD) &&
	# The first rename whose failure leaves Sam'"'"'s file in the work tree
	# and the branch where it was.
	n=1 &&
	while [ $n -le 30 ]; do
		TEND_FAULT=rename:EIO:$n LD_PRELOAD=$shim tend -C journal \
		    sync >/dev/null 2>&1
		[ -f "journal/$path" ] &&
		    [ "$(git -C journal rev-parse HEAD)" = "$head" ] && break
		tend -C journal sync >/dev/null &&
		git -C journal reset -q --hard "$head" &&
		n=$((n + 1)) || return 1
	done &&
	test -f "journal/$path" &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	echo "edited since" >>"journal/$path" &&
	test_expect_code 1 tend -C journal checkin $all_pillars \
	    --date 1980-01-02 2>err &&
	test_grep "a sync cut short in .*$TRASH/journal. was taking in .$path., and it has changed since; put that change aside with .git stash -u., then run tend again" err &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	grep -q "edited since" "journal/$path" &&
	tend -C journal doctor --offline >out &&
	test_grep "^warning locks       .git/tend/advance: a sync was cut short before it moved the branch; .*; fix: tend doctor --fix, or any tend command that writes$" out &&
	test_expect_code 1 tend -C journal doctor --offline --fix >out &&
	test_grep "^error   locks       .git/tend/advance: cannot finish the sync that was cut short: a sync cut short .* was taking in .$path., and it has changed since" out &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	git -C journal stash -q -u &&
	tend -C journal doctor --offline --fix >out &&
	test_grep "^fixed   locks       .git/tend/advance: finished the sync that was cut short$" out &&
	tend -C journal doctor --offline >out &&
	test_grep "^ok      locks       journal: no lock held or left over$" out &&
	tend -C journal checkin $all_pillars --date 1980-01-02 >/dev/null &&
	git -C journal cat-file -e "HEAD:$path" &&
	test -z "$(git -C journal status --porcelain)" &&
	git -C journal stash drop -q
'

test_expect_success 'every fault run ended in exit 0 or 1' '
	sort statuses | uniq -c >tally &&
	test "$(grep -cv "^ *[0-9]* [01]\$" tally)" = 0
'
echo "# fault runs: $(wc -l <"$TRASH/statuses") ($(sort "$TRASH/statuses" |
    uniq -c | awk '{ printf "%s%s exited %s", (NR > 1 ? ", " : ""), $1, $2 }'))"


test_done
