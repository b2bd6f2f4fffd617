#!/bin/sh
# tend edit, tend rm and tend undo: my own entries changed, removed, and
# my last change taken back, before and after a sync.
. "$(dirname "$0")/lib.sh"

private=alex/.git/tend/private
url="file://$TRASH/srv/journal.git"
day=2026-11-24
checkin=checkin/2026/11/$day-alex.md

# A journal must look exactly as it did: same HEAD, nothing uncommitted,
# and the private store's HEAD too.
snapshot() {
	git -C alex rev-parse HEAD >"$1" &&
	git -C alex status --porcelain --untracked-files=all >>"$1" &&
	{ git -C $private rev-parse HEAD 2>/dev/null || echo none; } >>"$1"
}

test_expect_success 'setup: Alex syncs with a bare remote; Sam clones it with git' '
	partner_setup &&
	tend -C alex checkin $all_pillars -a "the soup" -n "a slow Sunday" \
	    -m "Work was loud." --date $day >id &&
	echo $day-alex >expect &&
	test_cmp expect id
'

test_expect_success 'edit -m replaces a check-in'\''s notes; the rest stays' '
	tend -C alex edit -m "Work was quiet." $day-alex >out &&
	echo $day-alex >expect &&
	test_cmp expect out &&
	test_grep "^Work was quiet.$" alex/$checkin &&
	test_grep ! "loud" alex/$checkin &&
	test_grep "^the soup$" alex/$checkin &&
	test_grep "^  empathy: 5$" alex/$checkin &&
	git -C alex log -1 --format="%an|%s" >log &&
	echo "Alex|edit: $day-alex" >expect &&
	test_cmp expect log &&
	git -C alex status --porcelain >status &&
	test_cmp /dev/null status
'

test_expect_success 'edit -F takes the text from a file, or stdin' '
	tend -C alex resent -k hurt -t home -m "The dishes, again." "the dishes" >rid &&
	printf "The dishes, and being tired.\n" >text &&
	tend -C alex edit -F text "$(cat rid)" >out &&
	f=$(find $private/resent -name "$(cat rid).md") &&
	test_grep "^The dishes, and being tired.$" $f &&
	test_grep "^title: the dishes$" $f &&
	test_grep "^state: private$" $f &&
	test_grep "^tags: \[home\]$" $f &&
	git -C $private log -1 --format=%s >log &&
	echo "edit: $(cat rid)" >expect &&
	test_cmp expect log &&
	echo "From stdin." | tend -C alex edit -F - "$(cat rid)" >out &&
	test_grep "^From stdin.$" $f &&
	test_grep ! "tired" $f
'

test_expect_success 'edit -m of a reflection keeps the prompt question above the answer' '
	tend -C alex reflect -p body-before-words -m "My jaw, first." >id &&
	f=$(find $private/reflect -name "$(cat id).md") &&
	q=$(sed -n "s/^# //p" $f) &&
	test -n "$q" &&
	tend -C alex edit -m "My shoulders, first." "$(cat id)" >out &&
	test "$(grep -c "^# $q$" $f)" = 1 &&
	test_grep "^My shoulders, first.$" $f &&
	test_grep ! "jaw" $f &&
	tend -C alex rm --yes "$(cat id)" >/dev/null
'

test_expect_success 'edit on a terminal opens the editor on the whole file' '
	cat >editor <<-\EOF &&
	cp "$1" "$TRASH/seen"
	sed -e "s/^From stdin.$/Edited in the editor./" -e "s/^root: hurt$/root: need/" "$1" >"$1.new" &&
	mv "$1.new" "$1"
	EOF
	echo wait >script &&
	EDITOR="sh $TRASH/editor" "$SRC_DIR/tests/tty" script -- \
	    tend -C alex edit "$(cat rid)" >transcript &&
	test_grep "^kind: resent$" seen &&
	f=$(find $private/resent -name "$(cat rid).md") &&
	test_grep "^Edited in the editor.$" $f &&
	test_grep "^root: need$" $f
'

test_expect_success 'an edit that breaks the entry is kept in .git/tend, nothing written' '
	snapshot before &&
	cat >editor <<-\EOF &&
	sed "s/^author: alex$/author: sam/" "$1" >"$1.new" && mv "$1.new" "$1"
	EOF
	echo wait >script &&
	test_expect_code 2 env EDITOR="sh $TRASH/editor" "$SRC_DIR/tests/tty" script -- \
	    tend -C alex edit "$(cat rid)" >transcript &&
	test_grep "its .author. cannot be edited" transcript &&
	test_grep "what you wrote is kept in" transcript &&
	ls alex/.git/tend/EDIT-* >kept &&
	test_grep "^author: sam" "$(head -1 kept)" &&
	rm -f alex/.git/tend/EDIT-* &&
	cat >editor <<-\EOF &&
	sed "s/^  shared: 2$/  shared: 9/" "$1" >"$1.new" && mv "$1.new" "$1"
	EOF
	test_expect_code 2 env EDITOR="sh $TRASH/editor" "$SRC_DIR/tests/tty" script -- \
	    tend -C alex edit $day-alex >transcript &&
	test_grep "shared must be rated 1 to 5" transcript &&
	rm -f alex/.git/tend/EDIT-* &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'edit and rm refuse a partner'\''s entry, an agreement, a bad id' '
	mkdir -p sam/checkin/2026/11 &&
	printf -- "---\nkind: checkin\nauthor: sam\ndate: 2026-11-24T20:00:00Z\npillars:\n  vulnerability: 3\n  listening: 3\n  empathy: 3\n  affirmation: 3\n  shared: 3\n---\n" >sam/checkin/2026/11/$day-sam.md &&
	git -C sam pull -q --no-edit &&
	git -C sam add checkin &&
	git -C sam commit -q -m "checkin: sam $day" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree new -m "- No phones at dinner." phones >/dev/null &&
	snapshot before &&
	test_expect_code 2 tend -C alex edit -m "mine now" $day-sam 2>err &&
	test_grep "only its author may edit it" err &&
	test_expect_code 2 tend -C alex rm --yes $day-sam 2>err &&
	test_grep "it is sam.s entry, and only its author may remove it" err &&
	test_expect_code 2 tend -C alex edit -m x phones 2>err &&
	test_grep "tend agree edit" err &&
	test_expect_code 2 tend -C alex rm phones 2>err &&
	test_grep "cannot be removed" err &&
	test_expect_code 1 tend -C alex edit -m x no-such-entry 2>err &&
	test $(wc -l <err) = 1 &&
	test_grep "no entry .no-such-entry." err &&
	test_expect_code 1 tend -C alex rm no-such-entry 2>err &&
	test $(wc -l <err) = 1 &&
	test_expect_code 2 tend -C alex edit $day-alex </dev/null 2>err &&
	test_grep "no text" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'edit refuses a file changed by hand and not committed' '
	echo "by hand" >>alex/$checkin &&
	test_expect_code 2 tend -C alex edit -m "x" $day-alex 2>err &&
	test_grep "has changes that are not committed" err &&
	test_grep "^by hand$" alex/$checkin &&
	git -C alex checkout -q -- $checkin
'

test_expect_success 'rm of a private entry: gone from the private store, history keeps it' '
	tend -C alex resent -k need -m "Time alone." "time alone" >rid2 &&
	tend -C alex rm -n "$(cat rid2)" >out &&
	test_grep "would remove private" out &&
	test -n "$(find $private/resent -name "$(cat rid2).md")" &&
	tend -C alex rm "$(cat rid2)" >out 2>err &&
	test_cmp rid2 out &&
	test_grep "private store.s history keeps it" err &&
	test -z "$(find $private/resent -name "$(cat rid2).md")" &&
	git -C $private log -1 --format=%s >log &&
	echo "rm: $(cat rid2)" >expect &&
	test_cmp expect log &&
	test_must_fail tend -C alex show "$(cat rid2)" 2>/dev/null
'

test_expect_success 'undo brings a removed private entry back' '
	tend -C alex undo >out &&
	test_grep "took back .rm: $(cat rid2). in your private store" out &&
	test -n "$(find $private/resent -name "$(cat rid2).md")" &&
	git -C $private status --porcelain >status &&
	test_cmp /dev/null status
'

test_expect_success 'rm on a terminal asks first; no answer keeps the entry' '
	snapshot before &&
	cat >script <<-\EOF &&
	expect (y/N)
	send n\n
	wait
	EOF
	test_expect_code 1 "$SRC_DIR/tests/tty" script -- \
	    tend -C alex rm $day-alex >transcript &&
	test_grep "nothing removed" transcript &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'rm of a shared entry: one commit, and how to purge it' '
	tend -C alex rm --yes $day-alex >out 2>err &&
	test ! -e alex/$checkin &&
	git -C alex log -1 --format="%an|%s" >log &&
	echo "Alex|rm: $day-alex" >expect &&
	test_cmp expect log &&
	test_grep "git.s history keeps it" err &&
	test_grep "PURGING in tend-rm(1)" err &&
	git -C alex show HEAD~1:$checkin >/dev/null
'

test_expect_success 'undo before a sync: the branch back to its parent, the file back' '
	before=$(git -C alex rev-parse HEAD~1) &&
	tend -C alex undo -n >out &&
	test_grep "would take back .rm: $day-alex. in the journal" out &&
	test "$(git -C alex rev-parse HEAD~1)" = "$before" &&
	tend -C alex undo >out &&
	test "$(git -C alex rev-parse HEAD)" = "$before" &&
	test -f alex/$checkin &&
	git -C alex status --porcelain >status &&
	test_cmp /dev/null status &&
	git -C alex fsck --strict
'

test_expect_success 'undo of a new entry before a sync: the file is gone' '
	tend -C alex resent -k hurt --raise -m "Late again." "late" >lid &&
	before=$(git -C alex rev-parse HEAD~1) &&
	f=$(git -C alex show --name-only --format= HEAD) &&
	test -f "alex/$f" &&
	tend -C alex undo >out &&
	test "$(git -C alex rev-parse HEAD)" = "$before" &&
	test ! -e "alex/$f" &&
	git -C alex status --porcelain >status &&
	test_cmp /dev/null status
'

test_expect_success 'undo after a sync: a revert commit, which the next sync shares' '
	tend -C alex edit -m "Work was fine." $day-alex >/dev/null &&
	tend -C alex sync >/dev/null &&
	pushed=$(git -C alex rev-parse HEAD) &&
	tend -C alex undo >out 2>err &&
	test_grep "reverted .edit: $day-alex." out &&
	test_grep "partner may already have seen it" err &&
	test "$(git -C alex rev-parse HEAD~1)" = "$pushed" &&
	git -C alex log -1 --format=%s >log &&
	echo "undo: edit: $day-alex" >expect &&
	test_cmp expect log &&
	test_grep "^Work was quiet.$" alex/$checkin &&
	tend -C alex sync >/dev/null &&
	git -C sam pull -q --no-edit &&
	test_grep "^Work was quiet.$" sam/$checkin
'

test_expect_success 'undo of a raise after a sync warns the partner may have seen it' '
	tend -C alex resent raise "$(cat rid)" >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C alex undo >out 2>err &&
	test_grep "in the journal and your private store" out &&
	test_grep "partner may already have seen it" err &&
	test -n "$(find $private/resent -name "$(cat rid).md")" &&
	test_grep "^state: private$" "$(find $private/resent -name "$(cat rid).md")" &&
	test -z "$(find alex/resent -name "$(cat rid).md")" &&
	git -C $private status --porcelain >status &&
	test_cmp /dev/null status
'

test_expect_success 'undo of a share after a sync warns too; the private copy is unshared' '
	tend -C alex reflect -p lessons-from-home -m "What home taught me." >fid &&
	tend -C alex reflect --share "$(cat fid)" >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C alex undo >out 2>err &&
	test_grep "reflect: share" out &&
	test_grep "partner may already have seen it" err &&
	f=$(find $private/reflect -name "$(cat fid).md") &&
	test_grep ! "^shared: true" "$f" &&
	test -z "$(find alex/reflect -name "$(cat fid).md" 2>/dev/null)"
'

test_expect_success 'a shared reflection: edit changes both copies, rm takes out both' '
	tend -C alex reflect -p lessons-from-home -m "Shared words." >sid &&
	tend -C alex reflect --share "$(cat sid)" >/dev/null &&
	tend -C alex edit -m "Shared, then edited." "$(cat sid)" >/dev/null &&
	f=$(cd alex && find reflect -name "$(cat ../sid).md") &&
	test_cmp alex/$f $private/$f &&
	test_grep "^Shared, then edited.$" alex/$f &&
	tend -C alex rm --yes "$(cat sid)" >/dev/null 2>&1 &&
	test ! -e alex/$f &&
	test ! -e $private/$f &&
	tend -C alex undo >out &&
	test_grep "in the journal and your private store" out &&
	test_cmp alex/$f $private/$f
'

test_expect_success 'undo refuses a partner'\''s commit and a merge' '
	tend -C alex sync >/dev/null &&
	git -C sam pull -q --no-edit &&
	echo "- Sam adds a line." >>sam/agree/phones.md &&
	git -C sam commit -q -a -m "agree: Sam adds a line" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	snapshot before &&
	test_expect_code 2 tend -C alex undo 2>err &&
	test_grep "is by Sam, not you" err &&
	tend -C alex checkin $all_pillars --date 2026-11-25 >/dev/null &&
	echo "- Sam again." >>sam/agree/phones.md &&
	git -C sam commit -q -a -m "agree: Sam again" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	test "$(git -C alex cat-file -p HEAD | grep -c ^parent)" = 2 &&
	snapshot before &&
	test_expect_code 2 tend -C alex undo 2>err &&
	test_grep "is a merge" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'undo refuses a commit made with plain git' '
	echo "- Alex, by hand." >>alex/agree/phones.md &&
	git -C alex commit -q -a -m "phones: a line by hand" &&
	snapshot before &&
	test_expect_code 2 tend -C alex undo 2>err &&
	test_grep "is no change of an entry made by tend" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'a journal with nothing of mine yet has nothing to undo' '
	make_journal fresh &&
	test_expect_code 2 tend -C fresh undo 2>err &&
	test_grep "no change of an entry made by tend" err &&
	test $(wc -l <err) = 1
'

test_done
