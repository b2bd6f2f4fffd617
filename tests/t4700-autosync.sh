#!/bin/sh
# tend sync --setup shares a journal through a new remote; sync.auto syncs
# after each write, never holding the write back or undoing it.
. "$(dirname "$0")/lib.sh"

# Alex's and Sam's machines, each with a journal in "journal".
A=alex/journal
S=sam/journal
url="file://$TRASH/srv/journal.git"
SQ="'"
remote_head() {
	git -C srv/journal.git rev-parse HEAD
}

test_expect_success 'setup --setup: a fresh bare repository gets the journal' '
	mkdir -p srv alex sam &&
	git init -q --bare srv/journal.git &&
	make_journal $A &&
	tend -C $A sync --setup "$url" >out 2>err &&
	test_cmp /dev/null err &&
	test_grep "^shared yours$" out &&
	test "$(remote_head)" = "$(git -C $A rev-parse HEAD)" &&
	branch=$(git -C $A symbolic-ref --short HEAD) &&
	test "$(git -C $A config branch.$branch.remote)" = origin &&
	test "$(git -C $A config branch.$branch.merge)" = refs/heads/$branch &&
	test "$(git -C $A rev-parse @{upstream})" = "$(remote_head)"
'

test_expect_success 'the clone line it prints works as given' '
	test_grep "^Sam joins with:$" out &&
	sed -n "s/^  \(tend clone .*\)/\1/p" out >line &&
	test "$(cat line)" = "tend clone --me sam $url journal" &&
	(cd sam && eval "$(cat ../line)") >joined &&
	test_grep "^joined the journal in " joined &&
	test "$(git -C $S config tend.me)" = sam &&
	git -C $S config user.email sam@example.org
'

test_expect_success 'sync.auto is off by default: nothing is pushed' '
	test_expect_code 1 tend -C $A config --local sync.auto &&
	before=$(remote_head) &&
	tend -C $A checkin $all_pillars --date 2026-11-20 >out 2>err &&
	test_cmp /dev/null err &&
	test "$(remote_head)" = "$before"
'

test_expect_success 'sync.auto takes true or false, nothing else' '
	test_expect_code 2 tend -C $A config --local sync.auto maybe 2>err &&
	test_grep "sync.auto (whether each new entry is synced at once) must be true or false, not .maybe." err &&
	test_expect_code 1 tend -C $A config --local sync.auto &&
	tend -C $A config --local sync.auto true &&
	test "$(tend -C $A config --local sync.auto)" = true &&
	tend -C $A config --local --list >list &&
	test_grep "^sync.auto=true$" list
'

test_expect_success 'with sync.auto, a check-in is on the remote right after' '
	tend -C $A checkin $all_pillars --date 2026-11-21 >out 2>err &&
	test "$(cat out)" = 2026-11-21-alex &&
	test "$(cat err)" = "synced: shared yours" &&
	test "$(remote_head)" = "$(git -C $A rev-parse HEAD)" &&
	git -C srv/journal.git log -1 --format=%s >subject &&
	test_grep "^checkin: alex 2026-11-21$" subject
'

test_expect_success 'the partner.s entries come in with the next write' '
	tend -C $S checkin $all_pillars --date 2026-11-21 >/dev/null &&
	tend -C $S sync >/dev/null &&
	tend -C $A resent -k hurt -m "Late again." --raise "Late" >out 2>err &&
	test "$(wc -l <out)" = 1 &&
	test_grep "^synced: took in the partners. entries (merged); shared yours$" err &&
	test_grep "^trusting sam.s device key SHA256:" err &&
	test -f $A/checkin/2026/11/2026-11-21-sam.md &&
	test "$(remote_head)" = "$(git -C $A rev-parse HEAD)"
'

test_expect_success 'agreements: new, sign and edit each sync' '
	tend -C $A agree new rota -m "- Alex cooks on Mondays." >/dev/null 2>err &&
	test_grep "^synced: shared yours$" err &&
	git -C srv/journal.git log -1 --format=%s >subject &&
	test_grep "rota" subject &&
	tend -C $A agree sign rota >/dev/null 2>err &&
	test_grep "^synced: shared yours$" err &&
	test "$(remote_head)" = "$(git -C $A rev-parse HEAD)" &&
	tend -C $A agree edit rota -m "- Alex cooks on Tuesdays." >/dev/null 2>err &&
	test_grep "^synced: shared yours$" err &&
	git -C srv/journal.git show HEAD:agree/rota.md >rota &&
	test_grep "Tuesdays" rota
'

test_expect_success 'read-only commands and tend sync itself make no sync of their own' '
	tend -C $S checkin $all_pillars --date 2026-11-22 >/dev/null &&
	tend -C $S sync >/dev/null &&
	head=$(git -C $A rev-parse HEAD) &&
	tend -C $A checkin --list >/dev/null 2>err &&
	tend -C $A log >/dev/null 2>>err &&
	tend -C $A status >/dev/null 2>>err &&
	tend -C $A agree list >/dev/null 2>>err &&
	tend -C $A resent list >/dev/null 2>>err &&
	tend -C $A reflect --prompts >/dev/null 2>>err &&
	test_cmp /dev/null err &&
	test "$(git -C $A rev-parse HEAD)" = "$head" &&
	tend -C $A sync >out 2>err &&
	test_cmp /dev/null err &&
	test "$(cat out)" = "took in the partners${SQ} entries"
'

test_expect_success 'a command that fails does not sync' '
	tend -C $S checkin $all_pillars --date 2026-11-23 >/dev/null &&
	tend -C $S sync >/dev/null &&
	head=$(git -C $A rev-parse HEAD) &&
	test_expect_code 2 tend -C $A checkin -r empathy=9 --date 2026-11-23 \
	    >/dev/null 2>err &&
	test_grep ! "synced" err &&
	test "$(git -C $A rev-parse HEAD)" = "$head" &&
	test ! -e $A/checkin/2026/11/2026-11-23-sam.md
'

test_expect_success 'a private reflection or resentment pushes nothing' '
	before=$(remote_head) &&
	tend -C $A reflect -p saying-fine -m "canary-auto-7c2f private" >rid 2>err &&
	tend -C $A resent -k need -m "canary-auto-7c2f unraised" "Unsaid" \
	    >/dev/null 2>>err &&
	test_cmp /dev/null err &&
	test "$(remote_head)" = "$before"
'

test_expect_success 'a shared reflection goes out, the private one stays home' '
	tend -C $A reflect --share -p saying-fine -m "canary-shared-91ab" \
	    >/dev/null 2>err &&
	test_grep "shared yours$" err &&
	test "$(remote_head)" = "$(git -C $A rev-parse HEAD)" &&
	git -C srv/journal.git ls-tree -r --name-only HEAD >tree &&
	test_grep "^reflect/" tree &&
	test_grep ! "/$(cat rid)\.md$" tree &&
	test_grep ! "^resent/.*unsaid" tree &&
	git -C srv/journal.git grep -q canary-shared-91ab HEAD &&
	test_must_fail git -C srv/journal.git grep -q canary-auto-7c2f \
	    $(git -C srv/journal.git rev-list --all)
'

test_expect_success 'the remote gone: the check-in stands, one note, exit 0' '
	mv srv/journal.git srv/away.git &&
	tend -C $A checkin $all_pillars --date 2026-11-24 >out 2>err &&
	test "$(cat out)" = 2026-11-24-alex &&
	test "$(wc -l <err)" = 1 &&
	test_grep "^tend: saved; not synced: cannot reach .$url.: .* (run .tend sync. later)$" err &&
	git -C $A log -1 --format=%s >subject &&
	test_grep "^checkin: alex 2026-11-24$" subject &&
	test -z "$(git -C $A status --porcelain)" &&
	mv srv/away.git srv/journal.git &&
	tend -C $A sync >out &&
	test_grep "^shared yours$" out
'

test_expect_success 'a partner.s push refused: the check-in stands, one note, exit 0' '
	git -C $S pull -q --no-edit &&
	echo "Sam was here." >>$S/checkin/2026/11/2026-11-21-alex.md &&
	git -C $S commit -q -a --no-gpg-sign -m "edit alex" &&
	git -C $S push -q origin HEAD &&
	tend -C $A checkin $all_pillars --date 2026-11-27 >out 2>err &&
	test "$(cat out)" = 2026-11-27-alex &&
	test "$(wc -l <err)" = 1 &&
	test_grep "^tend: saved; not synced: refusing to take in .checkin/2026/11/2026-11-21-alex.md. from .origin. .*(run .tend sync. later)$" err &&
	git -C $A log -1 --format=%s >subject &&
	test_grep "^checkin: alex 2026-11-27$" subject &&
	git -C $S reset -q --hard HEAD~1 &&
	git -C $S push -q -f origin HEAD &&
	tend -C $A sync >out &&
	test_grep "^shared yours$" out
'

test_expect_success 'a closed port: the same, at once' '
	git -C $A remote set-url origin git://127.0.0.1:9/journal.git &&
	tend -C $A checkin $all_pillars --date 2026-11-25 >out 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "^tend: saved; not synced: cannot reach .git://127.0.0.1:9/journal.git.: " err &&
	git -C $A remote set-url origin "$url" &&
	tend -C $A sync >/dev/null
'

# A remote that takes the connection and never answers, as a network
# that hangs: started here, so that it is stopped when the script ends.
start_silent_server
test_expect_success 'a remote that never answers holds a check-in 10 seconds at most' '
	test -n "$silent_port" &&
	git -C $A remote set-url origin "git://127.0.0.1:$silent_port/j.git" &&
	start=$(date +%s) &&
	tend -C $A checkin $all_pillars --date 2026-11-26 >out 2>err &&
	end=$(date +%s) &&
	test $((end - start)) -lt 20 &&
	test "$(cat err)" = "tend: saved; not synced: remote ${SQ}origin${SQ} gave no answer in 10 seconds (run ${SQ}tend sync${SQ} later)" &&
	test "$(cat out)" = 2026-11-26-alex &&
	test ! -e $A/.git/tend/lock &&
	git -C $A remote set-url origin "$url" &&
	tend -C $A sync >/dev/null
'

test_expect_success 'no remote: sync.auto says nothing' '
	make_journal lonely &&
	tend -C lonely config --local sync.auto true &&
	tend -C lonely checkin $all_pillars --date 2026-11-20 >out 2>err &&
	test_cmp /dev/null err &&
	test "$(cat out)" = 2026-11-20-alex
'

test_expect_success 'setup: a remote of that name with another URL is refused' '
	git init -q --bare srv/other.git &&
	test_expect_code 1 tend -C $A sync --setup "file://$TRASH/srv/other.git" 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "^tend: cannot share the journal through .file://$TRASH/srv/other.git.: remote .origin. exists already, with URL .$url.; name another with --remote NAME" err &&
	test "$(git -C $A remote get-url origin)" = "$url" &&
	test -z "$(git -C srv/other.git for-each-ref)"
'

test_expect_success 'setup: a push that fails leaves no remote behind' '
	mkdir not-a-repo &&
	test_expect_code 1 tend -C lonely sync --setup "$TRASH/not-a-repo" 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "^tend: cannot share the journal through .$TRASH/not-a-repo.: .*; remote .origin. was taken out again$" err &&
	test -z "$(git -C lonely remote)" &&
	test_must_fail git -C lonely config --get-regexp "^branch\." &&
	test_expect_code 1 tend -C lonely sync --setup "file://$TRASH/nowhere.git" 2>err &&
	test_grep "remote .origin. was taken out again$" err &&
	test -z "$(git -C lonely remote)" &&
	test_expect_code 1 tend -C lonely sync --setup "--upload-pack=x" 2>err &&
	test_grep "is not a URL to share the journal through" err &&
	test -z "$(git -C lonely remote)"
'

test_expect_success 'setup --remote NAME: the remote tend sync uses from then on' '
	git init -q --bare srv/lonely.git &&
	tend -C lonely sync --setup "file://$TRASH/srv/lonely.git" \
	    --remote backup >out &&
	test_grep "^shared yours$" out &&
	test_grep "^  tend clone --me sam file://$TRASH/srv/lonely.git lonely$" out &&
	test "$(git -C lonely remote)" = backup &&
	test "$(git -C lonely config tend.remote)" = backup &&
	tend -C lonely sync >out &&
	test "$(cat out)" = "up to date" &&
	tend -C lonely checkin $all_pillars --date 2026-11-21 >/dev/null 2>err &&
	test "$(cat err)" = "synced: shared yours" &&
	test "$(git -C srv/lonely.git rev-parse HEAD)" = "$(git -C lonely rev-parse HEAD)"
'

test_expect_success 'setup again with the same URL only syncs' '
	tend -C lonely sync --setup "file://$TRASH/srv/lonely.git" \
	    --remote backup >out &&
	test_grep "^up to date$" out &&
	test_expect_code 2 tend -C lonely sync --remote backup backup 2>err &&
	test_grep "name the remote once" err
'

test_expect_success 'setup: without one other partner, the line says what NAME is' '
	git init -q --bare srv/three.git &&
	tend init --me "Alex <alex@example.org>" --partner "Sam <sam@example.org>" \
	    --partner "Robin <robin@example.org>" three >/dev/null &&
	tend -C three sync --setup "$TRASH/srv/three.git" >out &&
	test_grep "^Your partner joins with:$" out &&
	test_grep "^  tend clone --me NAME $TRASH/srv/three.git three$" out &&
	test_grep "^where NAME is their id (sam, robin), or .Name <address>. for someone new.$" out
'

test_expect_success 'setup of an encrypted journal: the line needs the invitation' '
	git init -q --bare srv/sealed.git &&
	tend init --encrypt --me "Alex <alex@example.org>" \
	    --partner "Sam <sam@example.org>" alex/sealed >/dev/null &&
	tend -C alex/sealed sync --setup "file://$TRASH/srv/sealed.git" >out &&
	test_grep "^Run .tend key invite., then .tend sync., and give Sam the twelve words it printed;$" out &&
	test_grep "^they join with:$" out &&
	sed -n "s/^  \(tend clone .*\)/\1/p" out >line &&
	test "$(cat line)" = "tend clone --me sam --code - file://$TRASH/srv/sealed.git sealed" &&
	tend -C alex/sealed key invite >code 2>/dev/null &&
	tend -C alex/sealed sync >/dev/null &&
	(cd sam && eval "$(cat ../line)" <../code) >joined &&
	test_grep "^joined the journal in " joined &&
	test -f sam/sealed/tend.conf
'

test_expect_success 'sync --help shows --setup' '
	tend sync --help >out &&
	test_grep "^       tend sync --setup url \[--remote name\]$" out
'

test_done
