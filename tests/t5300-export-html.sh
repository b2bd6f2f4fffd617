#!/bin/sh
# tend export --html: a static site that works from file://, charts in
# SVG, entries rendered safely, private entries only when asked for.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: check-ins, a shared and a private entry, an agreement' '
	make_journal &&
	for d in 1 2 3 8 9 15; do
		tend -C journal checkin $all_pillars \
		    --date $(date -d "$d days ago" +%Y-%m-%d) >/dev/null || return 1
	done &&
	tend -C journal checkin $all_pillars -m "<script>alert(1)</script> and <b>bold</b>" >/dev/null &&
	tend -C journal reflect -m "private words canary-html-77" >/dev/null &&
	tend -C journal resent -k hurt --raise "Left out" >rid &&
	tend -C journal resent resolve "$(cat rid)" -m talked >/dev/null &&
	tend -C journal agree new phones -t phones >/dev/null &&
	tend -C journal agree sign phones >/dev/null
'

test_expect_success 'the site: an index, a page per entry and per agreement' '
	tend -C journal export --html site >out &&
	test_grep "^[0-9]* pages in .site., [0-9]* written, 0 removed; open .site/index.html.$" out &&
	test -f site/index.html &&
	test -f site/agree/phones.html &&
	test -f site/entries/$(date +%Y-%m-%d)-alex.html &&
	test -f site/entries/$(cat rid).html &&
	test_grep "Phones at meals and in bed" site/index.html &&
	test_grep "Revisions and signatures" site/agree/phones.html &&
	test_grep "<td>signed: the text of " site/agree/phones.html &&
	test_grep "<td>created: 8 added</td>" site/agree/phones.html &&
	test_grep "Left out" site/index.html
'

test_expect_success 'charts are inline SVG: five pillars, the days, the resentments' '
	test "$(grep -c "<svg" site/index.html)" -ge 7 &&
	test_grep "<polyline fill=\"none\" stroke=\"#b5475b\" stroke-width=\"2\" points=\"[0-9]" site/index.html &&
	test_grep "fill-opacity" site/index.html &&
	test_grep "Resentments, month by month" site/index.html &&
	test_grep "width=\"5\" height=\"[1-9][0-9]*\" fill=\"#b5475b\"" site/index.html &&
	test_grep "width=\"5\" height=\"[1-9][0-9]*\" fill=\"#5c8a3a\"" site/index.html
'

test_expect_success 'no script, no network: nothing is fetched, links are relative' '
	if grep -ril "<script" site; then false; fi &&
	grep -rhoE "(href|src)=\"[^\"]*\"" site | grep -v "^href=\"\(\.\./\)\?\(index\|entries/\|agree/\)" >external || true &&
	test_cmp /dev/null external
'

test_expect_success 'raw HTML in an entry is not passed through' '
	f=site/entries/$(date +%Y-%m-%d)-alex.html &&
	test_grep "raw HTML omitted" $f &&
	test_grep ! "<b>bold</b>" $f
'

test_expect_success 'private entries stay out unless --include-private' '
	if grep -rq "canary-html-77" site; then false; fi &&
	tend -C journal export --html mine --include-private >/dev/null &&
	grep -rq "canary-html-77" mine &&
	test_grep "class=\"private\"" mine/index.html
'

test_expect_success 'bad combinations are usage errors' '
	test_expect_code 2 tend -C journal export --html x --ics 2>err &&
	test_expect_code 2 tend -C journal export --include-private --ics 2>err
'

if command -v chromium >/dev/null 2>&1; then
test_expect_success 'headless Chromium renders the index and an agreement' '
	profile=$(mktemp -d) &&
	for page in index.html agree/phones.html; do
		chromium --headless --no-sandbox --disable-gpu --no-first-run \
		    --disable-background-networking --user-data-dir="$profile" \
		    --screenshot="$TRASH/shot.png" --window-size=1000,1400 \
		    "file://$TRASH/site/$page" >chromium.log 2>&1 &&
		test -s shot.png || return 1
	done
'
else
	test_skip "headless Chromium renders the index and an agreement" \
	    "chromium is not installed"
fi

test_done
