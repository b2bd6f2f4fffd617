#!/bin/sh
# tend search: the lines of the shared entries and of my private ones
# that hold a pattern, with filters, JSON, grep's exit status, and a
# partner's escape sequences made harmless on a terminal.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"
esc=$(printf '\033')

# Standard input parses as JSON.
json_ok() {
	if command -v jq >/dev/null; then
		jq -e . >/dev/null
	else
		python3 -c 'import json, sys; json.load(sys.stdin)'
	fi
}

test_expect_success 'setup: Alex.s entries, shared and private; Sam.s by plain git' '
	partner_setup \
	    "tend -C alex checkin $all_pillars --date 2024-03-01 -a \"Pancakes on Sunday\"" \
	    "tend -C alex checkin $all_pillars --date 2024-05-10 -n \"A long walk, no pancakes\"" \
	    "tend -C alex reflect -p saying-fine -m \"Private: I hid the pancakes.\"" \
	    "tend -C alex resent -k hurt -t money -t home -m \"The rent, and pancakes.\" --raise Rent" \
	    "tend -C alex resent -k need -m \"Time alone.\" Quiet" &&
	mkdir -p sam/checkin/2024/04 &&
	printf -- "---\nkind: checkin\nauthor: sam\ndate: 2024-04-02T20:00:00+00:00\n---\n\n## Notes\n\nPANCAKES ${esc}[31m${esc}]0;owned${esc}\\\\ again\n" \
	    >sam/checkin/2024/04/2024-04-02-sam.md &&
	git -C sam add -A &&
	git -C sam commit -q -m "checkin: sam" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	test -f alex/checkin/2024/04/2024-04-02-sam.md
'

test_expect_success 'a match in a shared entry, my private one and a partner.s, in any case' '
	tend -C alex search pancakes >out &&
	test_grep "^2024-03-01-alex:[0-9]*:Pancakes on Sunday$" out &&
	test_grep "^2024-05-10-alex:[0-9]*:A long walk, no pancakes$" out &&
	test_grep "^2024-04-02-sam:[0-9]*:PANCAKES " out &&
	test_grep "^[0-9-]*-alex-saying-fine:[0-9]*:Private: I hid the pancakes.$" out &&
	test_grep "^[0-9-]*-alex-rent:[0-9]*:The rent, and pancakes.$" out &&
	test "$(wc -l <out)" = 5 &&
	tail -1 out | grep -q "^2024-03-01-alex:" &&
	id=$(sed -n "s/:.*Private.*//p" out) &&
	line=$(sed -n "s/^[^:]*:\([0-9]*\):Private.*/\1/p" out) &&
	tend -C alex show --raw "$id" | sed -n "${line}p" >shown &&
	echo "Private: I hid the pancakes." >expect &&
	test_cmp expect shown
'

test_expect_success 'case, -s and -i; the title in the front matter, not the other fields' '
	tend -C alex search -s Pancakes >out &&
	test "$(wc -l <out)" = 1 &&
	tend -C alex search -s -i Pancakes >out &&
	test "$(wc -l <out)" = 5 &&
	tend -C alex search quiet >out &&
	test_grep "^[0-9-]*-alex-quiet:[0-9]*:title: Quiet$" out &&
	tend -C alex checkin $all_pillars --date 2024-06-01 \
	    -a "Zoë and 李明 came by" >/dev/null &&
	tend -C alex search ZOË >out &&
	test_grep "^2024-06-01-alex:[0-9]*:Zoë and 李明 came by$" out &&
	tend -C alex search 李明 >out &&
	test_grep "^2024-06-01-alex:" out &&
	test_expect_code 1 tend -C alex search -s ZOË &&
	test_expect_code 1 tend -C alex search "kind: checkin" &&
	test_expect_code 1 tend -C alex search "title"
'

test_expect_success 'the partner.s private entries are not searched' '
	git -C sam config tend.me sam &&
	tend -C sam reflect -p saying-fine -m "Sam.s secret pancakes." >/dev/null &&
	tend -C sam search secret >out &&
	test_grep "^[0-9-]*-sam-saying-fine:[0-9]*:Sam.s secret pancakes.$" out &&
	test_expect_code 1 tend -C alex search secret >out &&
	test ! -s out
'

test_expect_success 'filters: --kind, --author, --since, --until, --tag' '
	tend -C alex search --kind checkin pancakes >out &&
	test "$(wc -l <out)" = 3 &&
	tend -C alex search --kind reflect --kind resent pancakes >out &&
	test "$(wc -l <out)" = 2 &&
	tend -C alex search --author Sam pancakes >out &&
	test "$(wc -l <out)" = 1 && test_grep "^2024-04-02-sam:" out &&
	tend -C alex search --author ALEX --kind checkin pancakes >out &&
	test "$(wc -l <out)" = 2 &&
	tend -C alex search --since 2024-03-02 --until 2024-05-09 pancakes >out &&
	test "$(wc -l <out)" = 1 && test_grep "^2024-04-02-sam:" out &&
	tend -C alex search --until 2024-04-30 pancakes >out &&
	test "$(wc -l <out)" = 2 &&
	tend -C alex search --tag money pancakes >out &&
	test "$(wc -l <out)" = 1 && test_grep "^[0-9-]*-alex-rent:" out &&
	tend -C alex search --tag MONEY --tag home pancakes >out &&
	test "$(wc -l <out)" = 1 &&
	test_expect_code 1 tend -C alex search --tag money --tag work pancakes &&
	test_expect_code 1 tend -C alex search --tag money --kind checkin pancakes
'

test_expect_success '-l, -c and -E' '
	tend -C alex search -l pancakes >out &&
	test "$(wc -l <out)" = 5 &&
	test_grep "^2024-04-02-sam$" out &&
	tend -C alex search -c "a" --kind checkin --author alex >out &&
	test_grep "^2024-03-01-alex:2$" out &&
	tend -C alex search -E "^(pancakes|a long) " >out &&
	test "$(wc -l <out)" = 3 &&
	tend -C alex search -E -s "P[a-z]+s on" >out &&
	test "$(wc -l <out)" = 1 &&
	tend -C alex search "." >out &&
	test_expect_code 1 tend -C alex search "p.ncakes" &&
	test_expect_code 0 tend -C alex search -E "p.ncakes" >/dev/null
'

test_expect_success '--json parses back, with every field, escape bytes escaped' '
	tend -C alex search --json pancakes >out.json &&
	json_ok <out.json &&
	test_grep "\"id\": \"2024-04-02-sam\", \"kind\": \"checkin\", \"author\": \"sam\", \"date\": \"2024-04-02T20:00:00+00:00\", \"path\": \"checkin/2024/04/2024-04-02-sam.md\", \"private\": false, \"line\": 9, \"text\": \"PANCAKES \\\\u001b\[31m" out.json &&
	test_grep "\"private\": true" out.json &&
	test_grep ! "$esc" out.json &&
	test_expect_code 1 tend -C alex search --json nomatchanywhere >out.json &&
	echo "[]" >expect && test_cmp expect out.json &&
	if command -v jq >/dev/null; then
		tend -C alex search --json pancakes | jq -r ".[].id" | sort >ids &&
		tend -C alex search -l pancakes | sort >expect &&
		test_cmp expect ids
	fi
'

test_expect_success 'no match exits 1 and prints nothing; errors exit 2 in one line' '
	test_expect_code 1 tend -C alex search nomatchanywhere >out &&
	test ! -s out &&
	test_expect_code 2 tend -C alex search --since someday x 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "someday. is not a date" err &&
	test_expect_code 2 tend -C alex search --kind diary x 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "unknown kind .diary." err &&
	test_expect_code 2 tend -C alex search -E "(" 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_expect_code 2 tend -C alex search "" 2>err &&
	test_expect_code 2 tend -C alex search -l -c x 2>err &&
	test_expect_code 2 tend -C alex search 2>err &&
	test_expect_code 2 tend -C alex search a b 2>err &&
	test_expect_code 2 tend -C srv search x 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "no journal" err
'

test_expect_success 'on a terminal: matches marked, the partner.s escapes not raw' '
	echo wait >script &&
	PAGER=cat "$SRC_DIR/tests/tty" script -- \
	    tend -C alex search --kind checkin pancakes >transcript &&
	test_grep "Sunday" transcript &&
	test_grep "$esc\[1m$esc\[31mPancakes$esc\[0m on Sunday" transcript &&
	test_grep "PANCAKES" transcript &&
	test_grep ! "$esc\]0;owned" transcript &&
	test_grep ! "PANCAKES[^ ]* $esc\[31m" transcript &&
	tr -d "\r" <transcript | grep "2024-04-02-sam" >line &&
	sed "s/$esc\[[0-9;]*m//g" line >plain &&
	test_grep ! "$esc" plain &&
	NO_COLOR=1 PAGER=cat "$SRC_DIR/tests/tty" script -- \
	    tend -C alex search --kind checkin pancakes >transcript &&
	test_grep ! "$esc" transcript &&
	tend -C alex --color=always search -s Sunday >out &&
	test_grep "$esc\[1m$esc\[31mSunday$esc\[0m" out
'

test_expect_success 'symbolic links and dot files are passed over' '
	echo "---" >outside.md &&
	echo "kind: checkin" >>outside.md &&
	echo "---" >>outside.md &&
	echo "linkedsecret" >>outside.md &&
	ln -s "$TRASH/outside.md" alex/checkin/2024/04/2024-04-03-sam.md &&
	cp outside.md alex/checkin/2024/04/.2024-04-04-sam.md &&
	test_expect_code 1 tend -C alex search linkedsecret &&
	rm alex/checkin/2024/04/2024-04-03-sam.md alex/checkin/2024/04/.2024-04-04-sam.md
'

test_expect_success 'a reflection shared from the private store is found once, as shared' '
	id=$(tend -C alex search -l "hid the") &&
	tend -C alex reflect --share "$id" >/dev/null &&
	test -f "alex/.git/tend/private/$(cd alex && git ls-files reflect | grep saying-fine)" &&
	tend -C alex search --json "hid the" >out.json &&
	test "$(grep -c "\"id\"" out.json)" = 1 &&
	test_grep "\"private\": false" out.json
'

test_expect_success 'an encrypted journal is searched through its plain work tree' '
	tend init --encrypt --me "Alex <alex@example.org>" \
	    --partner "Sam <sam@example.org>" sealed >/dev/null &&
	tend -C sealed reflect -p saying-fine -m "zebra kept to myself" >/dev/null &&
	tend -C sealed reflect -p saying-fine -m "zebra for us" --share >/dev/null &&
	tend -C sealed resent -k hurt -m "zebra, raised" --raise "Stripes" >/dev/null &&
	git -C sealed ls-tree -r --name-only HEAD >paths &&
	test_grep ! "stripes" paths &&
	tend -C sealed search ZEBRA >out &&
	test "$(wc -l <out)" = 3 &&
	test_grep "^[0-9-]*-alex-saying-fine:[0-9]*:zebra kept to myself$" out &&
	test_grep "^[0-9-]*-alex-stripes:[0-9]*:zebra, raised$" out &&
	tend -C sealed search -l stripes >ids &&
	tend -C sealed show "$(cat ids)" >shown &&
	test_grep "zebra, raised" shown &&
	tend -C sealed search --json zebra | json_ok
'

test_done
