#!/bin/sh
# An encrypted journal through tend alone: made with tend init --encrypt,
# joined with tend key invite and tend clone --code, synced through a bare
# remote that, with every object it holds, learns no word the partners
# wrote: not in a file, a path, a name or a commit message.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"
canary=zebracanary

# Every object, ref and message the remote holds, as one text.
remote_text() {
	git -C srv/journal.git cat-file --batch-all-objects --batch &&
	git -C srv/journal.git for-each-ref &&
	git -C srv/journal.git log --all --format=%B
}

test_expect_success 'setup: Alex makes an encrypted journal and shares it' '
	mkdir -p srv &&
	git init -q --bare srv/journal.git &&
	tend init --encrypt --me "Alex <alex@example.org>" \
	    --partner "Sam <sam@example.org>" alex >out &&
	test_grep "; it is encrypted$" out &&
	git -C alex remote add origin "$url" &&
	tend -C alex sync >/dev/null
'

test_expect_success 'what is sealed in git reads as tend wrote it in the work tree' '
	head -c 6 alex/tend.conf | od -c | grep -q "\[" ;
	git -C alex cat-file blob HEAD:tend.conf | head -c 6 | od -An -c >magic &&
	test_grep "\\\\0   t   e   n   d  \\\\0" magic &&
	test_grep "^\[partner \"alex\"\]$" alex/tend.conf &&
	git -C alex cat-file blob HEAD:.gitattributes >attributes &&
	test_grep "^\* -text filter=tend diff=tend merge=tend$" attributes &&
	git -C alex cat-file blob HEAD:.tend/keyring | head -n 1 >first &&
	test_grep "^tend-keyring 1$" first &&
	test "$(git -C alex log -1 --format=%s)" = "sealed by tend"
'

test_expect_success 'every kind of entry, its names sealed in the paths' '
	tend -C alex checkin $all_pillars --date 2026-11-20 \
	    -a "$canary in a check-in" >/dev/null &&
	tend -C alex reflect -p saying-fine -m "$canary in a reflection" \
	    --share >/dev/null &&
	tend -C alex resent -k hurt -m "$canary in a resentment" \
	    "The ${canary}s title" --raise >/dev/null &&
	tend -C alex agree new "${canary}-pact" \
	    -m "- $canary in an agreement." >/dev/null &&
	tend -C alex agree sign "${canary}-pact" >/dev/null &&
	git -C alex ls-tree -r --name-only HEAD >paths &&
	test_grep ! "$canary" paths &&
	test_grep ! "saying-fine" paths &&
	test_grep "^checkin/2026/11/2026-11-20-alex.md$" paths &&
	tend -C alex log >log &&
	test_grep " reflect  *[0-9-]*-alex-saying-fine " log &&
	test_grep " resent  *[0-9-]*-alex-the-zebracanarys-title " log &&
	test ! -e alex/.git/tend/log &&
	tend -C alex agree list >list &&
	test_grep "^${canary}-pact  *draft  *sam " list &&
	tend -C alex sync >/dev/null
'

test_expect_success 'an invitation prints twelve words of the list, alone when piped' '
	tend -C alex key invite >code &&
	test "$(wc -l <code)" = 1 &&
	test "$(wc -w <code)" = 12 &&
	for word in $(cat code); do
		grep -qx "$word" "$SRC_DIR/content/words/en.txt" || return 1
	done &&
	git -C alex show HEAD:.tend/keyring >ring &&
	test_grep "^invite [0-9a-f]\{16\} " ring &&
	tend -C alex sync >/dev/null
'

test_expect_success 'a wrong code, no code, and a code for a plain journal are refused' '
	wrong=$(awk "{ \$1 = \"apple\"; print }" code) &&
	test_must_fail tend clone --me "Sam <sam@example.org>" \
	    --code "$wrong" "$url" sam 2>err &&
	# One changed word in sixteen still adds up: no invitation opens.
	test_grep ": the code has a typo: its words do not add up; check each word$\|: no invitation in the journal opens with this code" err &&
	test ! -e sam &&
	test_expect_code 2 tend clone --me "Sam <sam@example.org>" \
	    "$url" sam 2>err &&
	test_grep "is an encrypted journal: join it with --code" err &&
	test ! -e sam &&
	make_journal plain &&
	git init -q --bare plain.git &&
	git -C plain remote add origin "$TRASH/plain.git" &&
	tend -C plain sync >/dev/null &&
	test_expect_code 2 tend clone --me "Sam <sam@example.org>" \
	    --code "$(cat code)" "$TRASH/plain.git" sam 2>err &&
	test_grep "is not encrypted: clone it without --code" err &&
	test ! -e sam
'

test_expect_success 'Sam joins with the code read from standard input' '
	test_expect_code 1 tend clone --me "Sam <sam@example.org>" --code - \
	    "$url" sam </dev/null 2>err &&
	test_grep "^tend: cannot read the code: no answer$" err &&
	test ! -e sam &&
	tend clone --me "Sam <sam@example.org>" --code - "$url" sam \
	    <code >out 2>err &&
	test_cmp /dev/null err &&
	test_grep "^joined the journal in " out &&
	test_grep "^trusting alex.s device key SHA256:" out
'

test_expect_success 'Sam reads everything Alex wrote' '
	test_grep "$canary in a check-in" sam/checkin/2026/11/2026-11-20-alex.md &&
	tend -C sam log >log &&
	test "$(grep -c "" log)" = 4 &&
	tend -C sam agree show "${canary}-pact" >shown &&
	test_grep "$canary in an agreement" shown &&
	git -C sam show HEAD:.tend/keyring >ring &&
	test_grep ! "^invite " ring &&
	test "$(grep -c "^key 1 " ring)" = 2
'

test_expect_success 'the code opens nothing a second time' '
	tend -C sam sync >/dev/null &&
	test_expect_code 1 tend clone --me "Robin <robin@example.org>" \
	    --code "$(cat code)" "$url" robin 2>err &&
	test_grep "no invitation in the journal opens with this code" err &&
	test ! -e robin
'

test_expect_success 'plain git in a tend clone seals messages; a plain one cannot leave' '
	test -x sam/.git/hooks/commit-msg &&
	test -x sam/.git/hooks/pre-push &&
	printf "%s\n" "$canary note" >sam/notes.md &&
	git -C sam add notes.md &&
	git -C sam commit -q -m "a $canary in a message" &&
	git -C sam log -1 --format=%s >subject &&
	echo "sealed by tend" >expect &&
	test_cmp expect subject &&
	tend -C sam log >/dev/null &&
	git -C sam commit -q --no-verify --allow-empty -m "$canary unsealed" &&
	test_must_fail git -C sam push -q origin HEAD 2>err &&
	test_grep "refusing to push: commit [0-9a-f]\{7\} by Sam has its message in plain text" err &&
	git -C sam reset -q --hard HEAD~2 &&
	git -C srv/journal.git cat-file --batch-all-objects --batch >everything &&
	test_grep ! "$canary" everything
'

test_expect_success 'both partners write and sync; signatures count' '
	tend -C sam agree sign "${canary}-pact" >/dev/null &&
	tend -C sam checkin $all_pillars --date 2026-11-21 \
	    -a "$canary from Sam" >/dev/null &&
	tend -C sam sync >/dev/null &&
	tend -C alex checkin $all_pillars --date 2026-11-21 >/dev/null &&
	tend -C alex sync >out &&
	test_grep "took in the partners. entries (merged)" out &&
	test_grep "^trusting sam.s device key SHA256:" out &&
	tend -C alex agree list >list &&
	test_grep "^${canary}-pact  *in force  *-  " list &&
	tend -C sam sync >/dev/null &&
	test "$(git -C sam rev-parse HEAD)" = "$(git -C alex rev-parse HEAD)"
'

test_expect_success 'an agreement both changed keeps both versions, readable' '
	tend -C alex agree edit "${canary}-pact" \
	    -m "- We say goodnight, from Alex." >/dev/null &&
	tend -C sam agree edit "${canary}-pact" \
	    -m "- We say goodnight, from Sam." >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C sam sync >out 2>err &&
	test_grep "both versions of .agree/${canary}-pact.md. are kept" err &&
	tend -C sam agree list >list &&
	test_grep "^${canary}-pact  *conflict" list
'

test_expect_success 'the remote holds no word: no file, path, name or message' '
	remote_text >everything &&
	test_grep ! "$canary" everything &&
	test_grep ! "saying-fine" everything &&
	test_grep ! "goodnight" everything &&
	test_grep ! "Phones\|phones" everything &&
	test_grep "sealed by tend" everything
'

test_expect_success 'a plain git client writes in plain text: refused, and nothing moves' '
	git clone -q "$url" other 2>/dev/null &&
	git -C other config user.name Sam &&
	git -C other config user.email sam@example.org &&
	printf "%s\n" "$canary in plain text" >other/notes.md &&
	git -C other add notes.md &&
	git -C other commit -q -m "notes" &&
	git -C other push -q origin HEAD 2>/dev/null &&
	head=$(git -C alex rev-parse HEAD) &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "refusing to take in .notes.md. from .origin. (commit [0-9a-f]\{7\} by Sam): it is stored in plain text, in an encrypted journal" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	git -C alex fsck --strict 2>&1 &&
	git -C other reset -q --hard HEAD~1 &&
	git -C other push -q -f origin HEAD
'

test_expect_success 'nor is a plain commit message taken in, or pushed' '
	git -C other commit -q --allow-empty -m "a $canary in a message" &&
	git -C other push -q origin HEAD &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "commit [0-9a-f]\{7\} by Sam has its message in plain text, in an encrypted journal" err &&
	git -C other reset -q --hard HEAD~1 &&
	git -C other push -q -f origin HEAD &&
	tend -C alex sync >/dev/null &&
	git -C alex -c commit.gpgSign=false commit -q --no-verify \
	    --allow-empty -m "mine, in plain text" &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "refusing to push: commit [0-9a-f]\{7\} by Alex has its message in plain text" err &&
	git -C alex reset -q --hard HEAD~1
'

test_expect_success 'a plain file in a history of its own, merged in, is refused' '
	blob=$(echo "$canary" | git -C other hash-object -w --stdin) &&
	tree=$(printf "100644 blob %s\tleak.md\n" "$blob" |
	    git -C other mktree) &&
	root=$(git -C other commit-tree -m root "$tree") &&
	merge=$(git -C other commit-tree -p HEAD -p "$root" -m merge \
	    "HEAD^{tree}") &&
	git -C other push -q origin "$merge:$(git -C other symbolic-ref HEAD)" &&
	head=$(git -C alex rev-parse HEAD) &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "refusing to take in .leak.md. from .origin. (commit [0-9a-f]\{7\} by Sam): it is stored in plain text" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	git -C other push -q -f origin HEAD
'

test_expect_success 'tend doctor names what a plain git pull took in plain text' '
	tend -C alex doctor --offline >out &&
	test_grep "^ok  *sealed  *journal: every commit and every file it seals is sealed" out &&
	test "$(sed -n 2p alex/.git/tend/sealed)" = "$(git -C alex rev-parse HEAD)" &&
	printf "%s\n" "$canary in plain text" >other/notes.md &&
	git -C other add notes.md &&
	git -C other commit -q -m "notes" &&
	git -C other push -q origin HEAD &&
	head=$(git -C alex rev-parse HEAD) &&
	git -C alex pull -q --no-edit origin \
	    "$(git -C alex symbolic-ref --short HEAD)" &&
	test_expect_code 1 tend -C alex doctor --offline >out &&
	test_grep "^error  *sealed  *notes.md: commit [0-9a-f]\{7\} by Sam stores it in plain text" out &&
	test_grep "^error  *sealed  *journal: commit [0-9a-f]\{7\} by Sam has its message in plain text" out &&
	test "$(sed -n 2p alex/.git/tend/sealed)" = "$head" &&
	elsewhere=$(git -C alex commit-tree -m x "$head^{tree}") &&
	printf "tend-sealed 1\n%s\n" "$elsewhere" >alex/.git/tend/sealed &&
	test_expect_code 1 tend -C alex doctor --offline >out &&
	test_grep "^error  *sealed  *notes.md: " out &&
	git -C alex reset -q --hard "$head" &&
	tend -C alex doctor --offline >out &&
	test_grep "^ok  *sealed" out &&
	git -C other reset -q --hard HEAD~1 &&
	git -C other push -q -f origin HEAD
'

test_expect_success 'a new key generation: every file sealed anew, signatures stand' '
	tend -C sam agree edit "${canary}-pact" \
	    -m "- We say goodnight, both." >/dev/null &&
	tend -C sam agree sign "${canary}-pact" >/dev/null &&
	tend -C sam sync >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree sign "${canary}-pact" >/dev/null &&
	tend -C alex agree list >before &&
	test_grep "^${canary}-pact  *in force" before &&
	git -C alex ls-tree -r HEAD >old-tree &&
	tend -C alex key rotate >out &&
	test_grep "sealed with key generation 2$" out &&
	git -C alex ls-tree -r HEAD >new-tree &&
	test "$(git -C alex diff --name-only HEAD~1 HEAD | wc -l)" = \
	    "$(git -C alex ls-files | grep -c -v "^README.md$\|^\.gitattributes$")" &&
	git -C alex cat-file blob HEAD:tend.conf | head -c 12 | od -An -tx1 >gen &&
	test_grep "00 00 00 02$" gen &&
	cut -c 1-48 old-tree | sort >old-names &&
	cut -c 1-48 new-tree | sort >new-names &&
	awk "{ print \$4 }" old-tree >old-paths &&
	awk "{ print \$4 }" new-tree >new-paths &&
	test_cmp old-paths new-paths &&
	tend -C alex agree list >after &&
	test_cmp before after &&
	tend -C alex sync >/dev/null &&
	tend -C sam sync >out &&
	test_grep "took in the partners. entries" out &&
	tend -C sam agree list >list &&
	test_grep "^${canary}-pact  *in force" list
'

test_expect_success 'a partner taken out holds no key to what comes after' '
	tend -C alex key remove sam >out &&
	test_grep "took sam.s devices out of the keyring" out &&
	test_grep "key generation 3" out &&
	git -C alex show HEAD:.tend/keyring >ring &&
	test "$(grep -c "^key " ring)" = 3 &&
	tend -C alex checkin $all_pillars --date 2026-11-22 \
	    -a "after Sam left" >/dev/null &&
	tend -C alex sync >/dev/null &&
	head=$(git -C sam rev-parse HEAD) &&
	test_expect_code 1 tend -C sam sync 2>err &&
	test_grep "sealed with key generation 3, which this device was never given" err &&
	test "$(git -C sam rev-parse HEAD)" = "$head" &&
	test_expect_code 2 tend -C alex key remove alex 2>err &&
	test_grep "a partner takes out another, not themselves" err
'

test_expect_success 'tend encrypt copies a plain journal, names sealed, history left' '
	make_journal plainer &&
	tend -C plainer checkin $all_pillars --date 2026-11-20 \
	    -a "$canary soup" >/dev/null &&
	tend -C plainer agree new "${canary}-rule" -m "- A rule." >/dev/null &&
	tend -C plainer resent -k hurt -m "$canary words" "A $canary" \
	    >/dev/null &&
	tend -C plainer config checkin.minutes 20 >/dev/null &&
	git -C plainer config tend.me sam &&
	tend -C plainer reflect --share -m "$canary of Sam" >/dev/null &&
	git -C plainer config tend.me alex &&
	git -C plainer rev-parse HEAD >old-head &&
	tend -C plainer encrypt sealed >out &&
	test_grep "^made an encrypted journal in .*/sealed. from the one in" out &&
	test_grep "still$" out &&
	test "$(git -C plainer rev-parse HEAD)" = "$(cat old-head)" &&
	test "$(git -C sealed rev-list --count HEAD)" = 1 &&
	tend -C sealed doctor --offline >out &&
	test_grep "^0 errors, 0 warnings" out &&
	tend -C sealed log --kind reflect >log &&
	test_grep " sam  *reflect " log &&
	test_grep "^	minutes = 20$" sealed/tend.conf &&
	tend -C sealed log >log &&
	test_grep " checkin  *2026-11-20-alex  *$canary soup" log &&
	test_grep " resent  *private  *[0-9-]*-alex-a-$canary " log &&
	tend -C sealed agree list >list &&
	test_grep "^${canary}-rule  *draft  *alex, sam " list &&
	git -C sealed ls-tree -r --name-only HEAD >paths &&
	git -C sealed/.git/tend/private ls-tree -r --name-only HEAD >>paths &&
	test_grep ! "$canary" paths &&
	git -C sealed cat-file --batch-all-objects --batch >everything &&
	test_grep ! "$canary" everything &&
	test_expect_code 1 tend -C plainer encrypt sealed 2>err &&
	test_grep "exists already" err &&
	test_expect_code 2 tend -C sealed encrypt again 2>err &&
	test_grep "is encrypted already" err
'

test_expect_success 'commits are signed, and git verifies them' '
	git -C alex log --format=%G? -3 >signed &&
	test "$(sort -u signed)" = G
'

test_done
