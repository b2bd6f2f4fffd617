#!/bin/sh
# tend checkin, non-interactive: the entry file, its commit, and bad input.
. "$(dirname "$0")/lib.sh"

day=2026-11-24
path=checkin/2026/11/$day-alex.md

# The journal must look exactly as it did: same HEAD, nothing uncommitted.
snapshot() {
	git -C journal rev-parse HEAD >"$1" &&
	git -C journal status --porcelain --untracked-files=all >>"$1"
}

test_expect_success 'setup' '
	make_journal
'

test_expect_success 'a check-in writes its file and commits it as the partner' '
	tend -C journal checkin -r vulnerability=4 -r listening=3 \
	    -r empathy=5 -r affirmation=4 -r shared=2 \
	    -a "the soup on Tuesday" -n "a slow Sunday" \
	    -m "Work was loud today." --date $day >id &&
	echo $day-alex >expect &&
	test_cmp expect id &&
	test -f journal/$path &&
	git -C journal log -1 --format="%an <%ae>|%s" >log &&
	echo "Alex <alex@example.org>|checkin: alex $day" >expect &&
	test_cmp expect log
'

test_expect_success 'the file has front matter and the three sections' '
	sed -n "1,12p" journal/$path >head &&
	cat >expect <<-EOF &&
	---
	kind: checkin
	author: alex
	date: ${day}T$(sed -n "s/^date: ${day}T//p" journal/$path)
	title: Check-in $day (alex)
	pillars:
	  vulnerability: 4
	  listening: 3
	  empathy: 5
	  affirmation: 4
	  shared: 2
	---
	EOF
	test_cmp expect head &&
	grep "^date: ${day}T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$(date -d "$day 12:00" +%:z)$" journal/$path &&
	sed -n "13,\$p" journal/$path >body &&
	printf "\n## Appreciation\n\nthe soup on Tuesday\n\n## Need\n\na slow Sunday\n\n## Notes\n\nWork was loud today.\n" >expect &&
	test_cmp expect body
'

test_expect_success 'the commit touches only the entry, and fsck is clean' '
	git -C journal show --format= --name-only HEAD >touched &&
	echo $path >expect &&
	test_cmp expect touched &&
	git -C journal status --porcelain >status &&
	test_cmp /dev/null status &&
	git -C journal fsck --strict
'

test_expect_success 'entry files are 0600 in 0700 folders, whatever the umask' '
	test "$(file_mode journal/$path)" = 600 &&
	test "$(file_mode journal/checkin)" = 700 &&
	test "$(file_mode journal/checkin/2026)" = 700 &&
	test "$(file_mode journal/checkin/2026/11)" = 700 &&
	(umask 0 && tend -C journal checkin $all_pillars --date 2026-10-02) &&
	test "$(file_mode journal/checkin/2026/10)" = 700 &&
	test "$(file_mode journal/checkin/2026/10/2026-10-02-alex.md)" = 600
'

test_expect_success 'a second check-in the same day updates the file in a new commit' '
	before=$(git -C journal rev-list --count HEAD) &&
	tend -C journal checkin -r vulnerability=2 -r listening=2 -r empathy=2 \
	    -r affirmation=2 -r shared=2 --date $day >/dev/null 2>err &&
	test_grep "^tend: this replaces your check-in of $day; the history keeps the one before$" err &&
	test "$(git -C journal rev-list --count HEAD)" = $((before + 1)) &&
	grep "^  empathy: 2$" journal/$path &&
	test_grep ! "Appreciation" journal/$path &&
	git -C journal show HEAD~1:$path | grep "^  empathy: 5$" &&
	git -C journal log --format=%s -- $path >log &&
	printf "checkin: alex $day\ncheckin: alex $day\n" >expect &&
	test_cmp expect log
'

test_expect_success 'an unknown pillar lists the five; exit 2; nothing written' '
	snapshot before &&
	test_expect_code 2 tend -C journal checkin $all_pillars -r trust=3 2>err &&
	test_grep "unknown pillar .trust. (the pillars are vulnerability, listening, empathy, affirmation, shared)" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'a rating outside 1-5 names the range; exit 2; nothing written' '
	for bad in 0 6 -1 3.5 four "" 99999999999999999999; do
		test_expect_code 2 tend -C journal checkin $all_pillars \
		    -r empathy=$bad 2>err || return 1
		test_grep "rating for .empathy. must be a whole number from 1 to 5" err || return 1
	done &&
	test_expect_code 2 tend -C journal checkin -r empathy 2>err &&
	test_grep "is not PILLAR=RATING" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'missing ratings are named; exit 2; nothing written' '
	test_expect_code 2 tend -C journal checkin -r empathy=3 -r shared=4 2>err &&
	test_grep "no rating for vulnerability, listening, affirmation" err &&
	test_expect_code 2 tend -C journal checkin 2>err &&
	test_grep "no rating for vulnerability, listening, empathy, affirmation, shared" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'bad combinations and dates are usage errors' '
	echo notes >notes.txt &&
	test_expect_code 2 tend -C journal checkin $all_pillars -m x -F notes.txt 2>err &&
	test_grep "cannot be combined" err &&
	test_expect_code 2 tend -C journal checkin $all_pillars --date 2026-02-30 2>err &&
	test_grep "is not a date" err &&
	test_expect_code 2 tend -C journal checkin $all_pillars extra 2>err &&
	test_grep "unexpected argument .extra." err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'notes come from a file or from standard input' '
	printf "Line one.\n\nLine two.\n" >notes.txt &&
	tend -C journal checkin $all_pillars -F notes.txt --date 2026-11-01 &&
	sed -n "/^## Notes/,\$p" journal/checkin/2026/11/2026-11-01-alex.md >got &&
	printf "## Notes\n\nLine one.\n\nLine two.\n" >expect &&
	test_cmp expect got &&
	echo "From a pipe." | tend -C journal checkin $all_pillars -F - --date 2026-11-02 &&
	test_grep "^From a pipe.$" journal/checkin/2026/11/2026-11-02-alex.md
'

test_expect_success 'a NUL byte or bad UTF-8 is refused with the line; nothing written' '
	snapshot before &&
	printf "fine\nbad \000 byte\n" >nul.txt &&
	test_expect_code 2 tend -C journal checkin $all_pillars -F nul.txt 2>err &&
	test_grep "contains a NUL byte at line 2" err &&
	printf "ok\nok\n\377\376\n" >latin.txt &&
	test_expect_code 2 tend -C journal checkin $all_pillars -F latin.txt 2>err &&
	test_grep "not valid UTF-8 at line 3" err &&
	test_expect_code 2 tend -C journal checkin $all_pillars -a "$(printf "\351t\351")" 2>err &&
	test_grep "appreciation is not valid UTF-8" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'a missing notes file is an error naming it' '
	test_expect_code 1 tend -C journal checkin $all_pillars -F no-such.txt 2>err &&
	test_grep "cannot read .no-such.txt." err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'text that looks like YAML stays text' '
	tend -C journal checkin $all_pillars --date 2026-11-03 \
	    -a "yes" -n "key: value --- # not a comment" \
	    -m "---
kind: reflect
---" >/dev/null &&
	tend -C journal show --pretty 2026-11-03-alex >out &&
	test_grep "^checkin 2026-11-03-alex" out &&
	test_grep "^  shared" out &&
	test_grep "key: value --- # not a comment" out &&
	test_grep "^kind: reflect" out
'

test_expect_success 'staged work of the user stays out of tend commits' '
	echo "mine" >journal/scratch.txt &&
	git -C journal add scratch.txt &&
	tend -C journal checkin $all_pillars --date 2026-11-04 >/dev/null &&
	git -C journal show --format= --name-only HEAD >touched &&
	echo checkin/2026/11/2026-11-04-alex.md >expect &&
	test_cmp expect touched &&
	git -C journal diff --cached --name-only >staged &&
	echo scratch.txt >expect &&
	test_cmp expect staged &&
	git -C journal rm -q --cached scratch.txt &&
	rm journal/scratch.txt
'

test_expect_success 'when the commit fails, the work tree is put back as it was' '
	branch=$(git -C journal symbolic-ref --short HEAD) &&
	cp journal/$path before.md &&
	snapshot before &&
	: >journal/.git/refs/heads/$branch.lock &&
	test_expect_code 1 tend -C journal checkin $all_pillars --date $day 2>err1 &&
	test_expect_code 1 tend -C journal checkin $all_pillars --date 2026-09-09 2>err2 &&
	rm journal/.git/refs/heads/$branch.lock &&
	test_grep "^tend: cannot record the check-in: cannot commit: " err1 &&
	test_grep "^tend: cannot record the check-in: cannot commit: " err2 &&
	test_cmp before.md journal/$path &&
	test ! -e journal/checkin/2026/09/2026-09-09-alex.md &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'without tend.me, a clear error says how to set it' '
	git -C journal config --unset tend.me &&
	test_expect_code 1 tend -C journal checkin $all_pillars 2>err &&
	test_grep "who are you in this journal? run .git -C .* config tend.me ID." err &&
	git -C journal config tend.me robin &&
	test_expect_code 1 tend -C journal checkin $all_pillars 2>err &&
	test_grep "tend.me is .robin., who is not a partner" err &&
	git -C journal config tend.me alex
'

test_expect_success 'Sam, using git itself, clones, checks in, and both sync over a bare remote' '
	git init -q --bare remote.git &&
	git -C journal remote add origin "file://$TRASH/remote.git" &&
	git -C journal push -q origin HEAD:refs/heads/main &&
	git clone -q -b main "file://$TRASH/remote.git" sam &&
	git -C sam config tend.me sam &&
	tend -C sam checkin $all_pillars -a "the walk" --date $day >id &&
	test "$(cat id)" = $day-sam &&
	test "$(git -C sam log -1 --format="%an <%ae>")" = "Sam <sam@example.org>" &&
	git -C sam push -q origin HEAD:main &&
	tend -C journal checkin $all_pillars --date 2026-11-23 >/dev/null &&
	git -C journal -c user.name=Alex -c user.email=alex@example.org \
	    pull -q --no-rebase origin main &&
	test -f journal/checkin/2026/11/$day-sam.md &&
	test -f journal/checkin/2026/11/2026-11-23-alex.md &&
	git -C journal fsck --strict &&
	tend -C journal show --pretty $day-sam >out &&
	test_grep "author  *sam" out
'

# A commit is HEAD's tree with the new file put in: what the user staged
# stays staged and out of it, every other file stays, and a file where a
# folder must go is refused with the path, the journal as it was.
test_expect_success 'a check-in commits its file alone, and keeps every other' '
	git -C journal ls-tree -r --name-only HEAD >before &&
	echo "a note" >journal/notes.txt &&
	git -C journal add notes.txt &&
	tend -C journal checkin $all_pillars --date 2025-01-31 >/dev/null &&
	git -C journal ls-tree -r --name-only HEAD >after &&
	echo checkin/2025/01/2025-01-31-alex.md >>before &&
	sort before >expect &&
	test_cmp expect after &&
	test "$(git -C journal diff --cached --name-only)" = notes.txt &&
	test -z "$(git -C journal diff --name-only)" &&
	git -C journal rm -q --cached notes.txt &&
	rm journal/notes.txt &&
	git -C journal fsck --strict
'

test_expect_success 'a file where a folder must be is refused, nothing lost' '
	echo "not a folder" >journal/checkin/1999 &&
	git -C journal add checkin/1999 &&
	git -C journal -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -m "A file named like a year" &&
	head=$(git -C journal rev-parse HEAD) &&
	test_expect_code 1 tend -C journal checkin $all_pillars \
	    --date 1999-05-01 2>err &&
	test_grep "checkin/1999/05/1999-05-01-alex.md" err &&
	test "$(git -C journal rev-parse HEAD)" = "$head"
'

test_done
