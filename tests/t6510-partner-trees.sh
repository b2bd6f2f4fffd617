#!/bin/sh
# A partner who uses only the git CLI pushes trees no checkout can write
# or that break a journal's rules (git mktree, git commit-tree): tend sync
# and tend clone refuse each before writing anything, naming the path, the
# commit and who made it, and no command is left wedged.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"
NL='
'

test_expect_success 'setup: Alex syncs with a bare remote; Sam uses plain git' '
	partner_setup \
	    "tend -C alex checkin $all_pillars --date 2026-11-20" &&
	git -C alex rev-parse HEAD >base
'
base=$(cat "$TRASH/base" 2>/dev/null)
branch=$(git -C "$TRASH/alex" symbolic-ref --short HEAD 2>/dev/null)
blob=$(echo "not an entry" | git -C "$TRASH/sam" hash-object -w --stdin)

# A commit on the base whose folder checkin/ also holds the entries given
# as NUL-ended "mode type id<TAB>name" records, made with git mktree -z;
# Sam pushes it with force, as a careless or hostile partner might.
sam_pushes() {
	sub=$( { git -C sam ls-tree -z "$base:checkin" && printf "$1"; } |
	    git -C sam mktree -z --missing) &&
	top=$(git -C sam ls-tree "$base" |
	    sed "s|^040000 tree [0-9a-f]*	checkin\$|040000 tree $sub	checkin|" |
	    git -C sam mktree) &&
	commit=$(git -C sam commit-tree -p "$base" -m "from sam" "$top") &&
	git -C sam push -q -f origin "$commit:refs/heads/$branch" &&
	echo "$commit" >pushed
}

# Alex's sync refuses with one line matching $1; nothing changed.
sync_refuses() {
	test_expect_code 1 tend -C alex sync 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "refusing to take in .* (commit $(cut -c1-7 pushed) by Sam): .*$1" err &&
	test "$(git -C alex rev-parse HEAD)" = "$base" &&
	test -z "$(git -C alex status --porcelain)" &&
	! test -e alex/.git/tend/advance &&
	git -C alex fsck --strict 2>&1 &&
	test "$(git -C srv/journal.git rev-parse "$branch")" = "$(cat pushed)" &&
	# Nothing wedged: the next writing command works.
	tend -C alex checkin $all_pillars --date 2026-11-21 >/dev/null &&
	git -C alex reset -q --hard "$base"
}

# Robin's clone refuses the same (exit 2: what came in is bad input, as
# for every command but sync), and leaves no folder behind.
clone_refuses() {
	test_expect_code 2 tend clone --me "Robin <robin@example.org>" "$url" \
	    robin 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "refusing to take in .*: .*$1" err &&
	! test -e robin
}

refused_both() {
	sync_refuses "$1" && clone_refuses "$1"
}

test_expect_success 'a folder named ".." is refused' '
	sam_pushes "040000 tree $(git -C sam rev-parse $base:checkin)\t..\0" &&
	refused_both ".\.. and .\.\.. name folders"
'

test_expect_success 'a file named "." is refused' '
	sam_pushes "100644 blob $blob\t.\0" &&
	refused_both ".\.. and .\.\.. name folders"
'

for name in .git .GIT .Git. "git~1" "GIT~1"; do
	test_expect_success "git's own folder spelt '$name' is refused" '
		hooks=$(printf "100644 blob $blob\tconfig\n" | git -C sam mktree) &&
		sam_pushes "040000 tree $hooks\t$name\0" &&
		refused_both "it is git.s own folder"
	'
done

test_expect_success 'a name of 300 bytes is refused' '
	long=$(printf "%0300d" 0) &&
	sam_pushes "100644 blob $blob\t$long.md\0" &&
	refused_both "longer than a file system takes"
'

test_expect_success 'a path of more than 4095 bytes is refused' '
	deep=$blob &&
	mode="100644 blob" &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do
		deep=$(printf "$mode $deep\t%0250d\n" $i | git -C sam mktree) &&
		mode="040000 tree" || return 1
	done &&
	sam_pushes "040000 tree $deep\tlong\0" &&
	refused_both "its path is longer than a file system takes"
'

test_expect_success 'names with ESC, a C1 control, a newline or bad UTF-8 are refused' '
	for name in "a\033[2Jb.md" "a\302\233b.md" "a${NL}b.md" "a\377b.md"; do
		sam_pushes "100644 blob $blob\t$name\0" &&
		refused_both "control character or is not UTF-8" || return 1
	done
'

test_expect_success 'a folder that names an entry twice is refused' '
	sam_pushes "100644 blob $blob\t2026\0" &&
	refused_both "its folder names it twice"
'

test_expect_success 'folders 40 deep are refused' '
	deep=$blob &&
	mode="100644 blob" &&
	for i in $(seq 40); do
		deep=$(printf "$mode $deep\td\n" | git -C sam mktree) &&
		mode="040000 tree" || return 1
	done &&
	sam_pushes "040000 tree $deep\tdeep\0" &&
	refused_both "deeper in folders than a journal goes"
'

test_expect_success 'a symbolic link and a submodule made with mktree are refused' '
	sam_pushes "120000 blob $blob\tlink.md\0" &&
	refused_both "symbolic link" &&
	sam_pushes "160000 commit $base\tsub\0" &&
	refused_both "submodule"
'

test_expect_success 'a file of 9 MiB is refused' '
	big=$(head -c 9437184 /dev/zero | git -C sam hash-object -w --stdin) &&
	sam_pushes "100644 blob $big\tbig.md\0" &&
	refused_both "bigger than any journal file"
'

# A commit on the base with .gitattributes as given (or removed).
sam_pushes_attributes() {
	git -C sam fetch -q origin &&
	git -C sam reset -q --hard "$base" &&
	if [ -n "$1" ]; then
		printf "$1" >sam/.gitattributes && git -C sam add .gitattributes
	else
		git -C sam rm -q .gitattributes
	fi &&
	git -C sam commit -q -m "attributes" &&
	git -C sam push -q -f origin "HEAD:refs/heads/$branch" &&
	git -C sam rev-parse HEAD >pushed
}

attributes_refused() {
	test_expect_code 1 tend -C alex sync 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "$1" err &&
	test "$(git -C alex rev-parse HEAD)" = "$base" &&
	test -z "$(git -C alex status --porcelain)"
}

test_expect_success '.gitattributes without the union rule for tend.conf is refused' '
	sam_pushes_attributes "* text=auto eol=lf\n" &&
	attributes_refused "drops .tend.conf merge=union." &&
	clone_refuses "drops .tend.conf merge=union."
'

test_expect_success '.gitattributes that merges other files is refused, by line' '
	sam_pushes_attributes "* text=auto eol=lf\ntend.conf merge=union\n* merge=union\n" &&
	attributes_refused "line 3 sets how .\*. is merged" &&
	sam_pushes_attributes "tend.conf merge=union\nagree/* binary\n" &&
	attributes_refused "line 2 sets how .agree/\*. is merged"
'

test_expect_success 'removing .gitattributes is refused' '
	sam_pushes_attributes "" &&
	attributes_refused "they remove .gitattributes"
'

test_expect_success 'a sync an older tend cut short while taking in ".." is undone, once' '
	sam_pushes "040000 tree $(git -C sam rev-parse $base:checkin)\t..\0" &&
	# As an older tend did: fetched, and kept, before it judged.
	git -C alex fetch -q origin 2>/dev/null &&
	git -C alex cat-file -e "$(cat pushed)" &&
	echo "$base $(cat pushed)" >alex/.git/tend/advance &&
	test_expect_code 1 tend -C alex checkin $all_pillars --date 2026-11-22 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "a sync cut short could not be finished, so it was undone: refusing to take in .checkin/\.\.." err &&
	! test -e alex/.git/tend/advance &&
	# The objects an older tend fetched stay: only warnings of fsck.
	git -C alex fsck 2>/dev/null &&
	test "$(git -C alex rev-parse HEAD)" = "$base" &&
	test -z "$(git -C alex status --porcelain)" &&
	tend -C alex checkin $all_pillars --date 2026-11-22 >/dev/null &&
	git -C alex reset -q --hard "$base"
'

test_expect_success 'doctor --fix undoes such a sync, and says so' '
	echo "$base $(cat pushed)" >alex/.git/tend/advance &&
	tend -C alex doctor --offline >out &&
	test_grep "warning.*a sync was cut short" out &&
	tend -C alex doctor --offline --fix >out &&
	test_grep "fixed.*so it was undone" out &&
	! test -e alex/.git/tend/advance &&
	# The objects an older tend fetched stay: only warnings of fsck.
	git -C alex fsck 2>/dev/null &&
	tend -C alex doctor --offline >/dev/null
'

test_expect_success 'a good push after all that is taken in as ever' '
	git -C sam fetch -q origin &&
	git -C sam reset -q --hard "$base" &&
	mkdir -p sam/checkin/2026/11 &&
	printf -- "---\nkind: checkin\nauthor: sam\ndate: 2026-11-20T20:00:00+00:00\n---\nfine\n" \
	    >sam/checkin/2026/11/2026-11-20-sam.md &&
	git -C sam add -A && git -C sam commit -q -m "checkin" &&
	git -C sam push -q -f origin "HEAD:refs/heads/$branch" &&
	tend -C alex sync >out &&
	test_grep "took in" out &&
	test -f alex/checkin/2026/11/2026-11-20-sam.md &&
	tend clone --me "Robin <robin@example.org>" "$url" robin >/dev/null &&
	test -f robin/checkin/2026/11/2026-11-20-sam.md
'

test_done
