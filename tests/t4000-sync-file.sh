#!/bin/sh
# tend sync and tend clone over file://, and what sync refuses to do.
. "$(dirname "$0")/lib.sh"
. "$SRC_DIR/tests/sync-scenarios.sh"

url="file://$TRASH/srv/journal.git"
run_sync_scenarios file

test_expect_success 'a plain path to the bare repository works too' '
	tend clone --me "Robin <robin@example.org>" "$TRASH/srv/journal.git" robin >/dev/null &&
	tend -C robin sync >out &&
	test_grep "^shared yours$" out &&
	tend -C alex sync >/dev/null &&
	test "$(git -C alex config --file tend.conf partner.robin.name)" = Robin
'

# sync.transport as a user who never set it: auto.
test_expect_success 'a clone from a path goes through git if it is there, else libgit2' '
	mkdir auto-home nogit-bin &&
	ln -s "$SRC_DIR/tend" nogit-bin/tend &&
	HOME=$TRASH/auto-home GIT_TRACE="$TRASH/clone-trace" \
	    tend clone --me "Zoë <zoe@example.org>" \
	    "$TRASH/srv/journal.git" zoe-git >/dev/null &&
	test_grep "git clone --no-local --no-checkout" clone-trace &&
	test_grep "git upload-pack" clone-trace &&
	HOME=$TRASH/auto-home PATH=$TRASH/nogit-bin \
	    tend clone --me "Zoë <zoe@example.org>" \
	    "$TRASH/srv/journal.git" zoe-lib >/dev/null &&
	shared=$(git -C srv/journal.git rev-parse HEAD) &&
	git -C zoe-git merge-base --is-ancestor $shared HEAD &&
	git -C zoe-lib merge-base --is-ancestor $shared HEAD &&
	git -C zoe-git ls-files >git-files &&
	git -C zoe-lib ls-files >lib-files &&
	test_cmp git-files lib-files &&
	test -s git-files
'

test_expect_success 'init and clone set what plain git needs to commit and pull beside tend' '
	test "$(git -C robin config --local user.name)" = Robin &&
	test "$(git -C robin config --local user.email)" = robin@example.org &&
	test "$(git -C robin config --local pull.rebase)" = false &&
	test "$(git -C alex config --local user.email)" = alex@example.org &&
	test "$(git -C alex config --local pull.rebase)" = false &&
	echo "- Robin takes Sundays." >>robin/agree/rota.md &&
	git -C robin commit -q -a -m "agree: Sundays" &&
	git -C robin pull -q --no-edit &&
	git -C robin push -q origin HEAD &&
	tend -C alex sync >out &&
	test_grep "took in" out
'

test_expect_success 'no remote: the error shows how to add one' '
	make_journal lonely &&
	test_expect_code 1 tend -C lonely sync 2>err &&
	test_grep "there is no remote .origin.; add the place you share the journal with .git -C .*lonely remote add origin URL." err
'

test_expect_success 'uncommitted changes to journal files stop a sync, named' '
	echo "hand edit" >>alex/agree/rota.md &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "uncommitted changes to .agree/rota.md.; commit them or put them aside with .git stash." err &&
	git -C alex checkout -q agree/rota.md
'

test_expect_success 'a merge in progress stops a sync' '
	echo x >alex/MERGE_HEAD_probe &&
	git -C alex rev-parse HEAD >alex/.git/MERGE_HEAD &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "git is in the middle of a merge or rebase" err &&
	rm alex/.git/MERGE_HEAD alex/MERGE_HEAD_probe
'

test_expect_success 'private text is never pushed, even if a commit carries it' '
	tend -C alex reflect -p saying-fine -m "secret canary-sync-5d1e" >rid &&
	f=reflect/$(date +%Y/%m)/$(cat rid).md &&
	mkdir -p alex/$(dirname $f) &&
	cp alex/.git/tend/private/$f alex/$f &&
	git -C alex add $f &&
	git -C alex -c user.name=Alex -c user.email=alex@example.org commit -q -m oops &&
	before=$(git -C srv/journal.git rev-parse HEAD) &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "refusing to push: .$f. would share the private text" err &&
	test "$(git -C srv/journal.git rev-parse HEAD)" = "$before" &&
	git -C alex reset -q --hard HEAD~1
'

test_expect_success 'the remote gone: a one-line error, local commits untouched' '
	tend -C alex checkin $all_pillars --date 2026-11-10 >/dev/null &&
	head=$(git -C alex rev-parse HEAD) &&
	mv srv/journal.git srv/away.git &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "^tend: cannot sync: cannot fetch from .*: there is no repository there$" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	mv srv/away.git srv/journal.git &&
	tend -C alex sync >/dev/null
'

test_expect_success 'a remote with unrelated history is refused, with the way out' '
	git init -q --bare srv/other.git &&
	tend init --me "Robin <robin@example.org>" stranger >/dev/null &&
	git -C stranger push -q "file://$TRASH/srv/other.git" HEAD:refs/heads/$(git -C alex symbolic-ref --short HEAD) &&
	git -C alex remote add other "file://$TRASH/srv/other.git" &&
	head=$(git -C alex rev-parse HEAD) &&
	test_expect_code 1 tend -C alex sync other 2>err &&
	test_grep "holds a history unrelated to this journal; to join it, start from .tend clone" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head"
'

test_expect_success 'clone of something that is not a journal leaves nothing behind' '
	git init -q notes &&
	echo hi >notes/a.txt &&
	mkdir precious &&
	echo keep >precious/file &&
	ln -s "$TRASH/precious" notes/link &&
	git -C notes add a.txt link &&
	git -C notes -c user.name=X -c user.email=x@example.org commit -q -m x &&
	test_expect_code 2 tend clone --me Sam "file://$TRASH/notes" notjournal 2>err &&
	test_grep "is not a tend journal: it has no tend.conf" err &&
	test ! -e notjournal &&
	test "$(cat precious/file)" = keep &&
	test_expect_code 1 tend clone --me Sam "file://$TRASH/nowhere.git" gone 2>err &&
	! grep "cannot clone.*cannot clone" err &&
	test_grep "^tend: cannot clone .file://$TRASH/nowhere.git.: there is no repository there$" err &&
	test ! -e gone &&
	test_expect_code 1 tend clone --me Sam "file://$TRASH/nowhere.git" \
	    new/nested/gone 2>err &&
	test ! -e new &&
	test_expect_code 2 tend clone "file://$TRASH/srv/journal.git" 2>err &&
	test_grep "say who you are with --me NAME" err
'

# The 1,000 check-ins that set the scene run tend itself, not through
# make check VALGRIND=1's wrapper (they would take most of an hour there);
# the syncs under test still go through it.
test_expect_success '500 commits on each side merge in one sync' '
	i=0 &&
	while [ $i -lt 250 ]; do
		d=$(date -d "2024-01-01 + $i days" +%Y-%m-%d) &&
		"$SRC_DIR/tend" -C alex checkin $all_pillars --date $d >/dev/null &&
		"$SRC_DIR/tend" -C alex checkin $all_pillars -m again --date $d \
		    >/dev/null &&
		"$SRC_DIR/tend" -C sam checkin $all_pillars --date $d >/dev/null &&
		"$SRC_DIR/tend" -C sam checkin $all_pillars -m again --date $d \
		    >/dev/null &&
		i=$((i + 1)) || return 1
	done &&
	test "$(git -C alex rev-list --count HEAD@{u}..HEAD 2>/dev/null || git -C alex rev-list --count origin/$(git -C alex symbolic-ref --short HEAD)..HEAD)" -ge 500 &&
	tend -C alex sync >/dev/null &&
	tend -C sam sync >out &&
	test_grep "(merged)" out &&
	tend -C alex sync >/dev/null &&
	test "$(ls alex/checkin/2024/*/ | grep -c "alex.md$")" = 250 &&
	test "$(ls alex/checkin/2024/*/ | grep -c "sam.md$")" = 250 &&
	test "$(git -C alex rev-parse HEAD)" = "$(git -C sam rev-parse HEAD)" &&
	git -C alex fsck --strict
'

test_done
