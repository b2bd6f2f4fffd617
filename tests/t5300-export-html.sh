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
	tend -C journal agree sign phones >/dev/null &&
	# An entry of 2026 that stays, so that its year keeps its page
	# whatever year today is.
	git -C journal config tend.me sam &&
	tend -C journal checkin --date 2026-01-04 $all_pillars >/dev/null &&
	git -C journal config tend.me alex
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
	test_grep "Left out" site/index.html &&
	f=site/entries/$(date +%Y-%m-%d)-alex.html &&
	test_grep "^<tr><th>vulnerability</th><td>4 of 5</td></tr>$" $f &&
	test_grep "^<tr><th>shared</th><td>2 of 5</td></tr>$" $f &&
	test_grep ! "<table class=.ratings" site/entries/$(cat rid).html
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

test_expect_success 'a second export writes only what changed' '
	tend -C journal export --html inc >out &&
	test_grep "^[0-9]* pages in .inc., \([0-9]*\) written, 0 removed" out &&
	test -f inc/.tend-export &&
	echo "my own notes" >inc/notes.txt &&
	echo "mine too" >inc/entries/mine.html &&
	stat -c %i inc/entries/$(cat rid).html inc/index.html inc/agree/phones.html >before &&
	tend -C journal export --html inc >out &&
	test_grep " 0 written, 0 removed;" out &&
	stat -c %i inc/entries/$(cat rid).html inc/index.html inc/agree/phones.html >after &&
	test_cmp before after
'

test_expect_success 'a new entry: its page, its year'"'"'s and the index, nothing else' '
	tend -C journal checkin --date 2026-01-05 $all_pillars -m "new words canary-new-51" >/dev/null &&
	tend -C journal export --html inc >out &&
	test_grep " 3 written, 0 removed;" out &&
	test_grep "canary-new-51" inc/entries/2026-01-05-alex.html &&
	test_grep "2026-01-05-alex.html" inc/index.html &&
	test_grep "2026-01-05-alex.html" inc/index-2026.html &&
	stat -c %i inc/entries/$(cat rid).html inc/agree/phones.html >after &&
	sed 2d before >kept &&
	test_cmp kept after &&
	test "$(stat -c %i inc/index.html)" != "$(sed -n 2p before)"
'

test_expect_success 'a changed entry: its page, its year'"'"'s and the index; a removed one: gone' '
	f=journal/checkin/2026/01/2026-01-05-alex.md &&
	sed "s/canary-new-51/canary-changed-52/" $f >changed &&
	cp changed $f &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    commit -qam "change a check-in" &&
	stat -c %i inc/entries/2026-01-05-alex.html >old-inode &&
	tend -C journal export --html inc >out &&
	test_grep " 3 written, 0 removed;" out &&
	test_grep "canary-changed-52" inc/entries/2026-01-05-alex.html &&
	test "$(stat -c %i inc/entries/2026-01-05-alex.html)" != "$(cat old-inode)" &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    rm -q checkin/2026/01/2026-01-05-alex.md &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    commit -qm "remove a check-in" &&
	tend -C journal export --html inc >out &&
	test_grep " 2 written, 1 removed;" out &&
	! test -e inc/entries/2026-01-05-alex.html &&
	test_grep ! "2026-01-05-alex" inc/index.html &&
	test_grep ! "2026-01-05-alex" inc/index-2026.html &&
	test_grep "my own notes" inc/notes.txt &&
	test_grep "mine too" inc/entries/mine.html &&
	test "$(stat -c %i inc/entries/$(cat rid).html)" = "$(sed -n 1p before)"
'

test_expect_success 'each year has its page; one whose entries are gone goes' '
	tend -C journal checkin --date 2024-03-01 $all_pillars -m "canary-year-54" >/dev/null &&
	tend -C journal export --html inc >out &&
	test_grep " 3 written, 0 removed;" out &&
	test_grep "2024-03-01-alex.html" inc/index-2024.html &&
	test_grep "href=\"index-2024.html\"" inc/index.html &&
	test_grep "<p>2024</p><svg" inc/index-2024.html &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    rm -q checkin/2024/03/2024-03-01-alex.md &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    commit -qm "remove a check-in" &&
	tend -C journal export --html inc >out &&
	test_grep " 1 written, 2 removed;" out &&
	! test -e inc/index-2024.html &&
	test_grep ! "index-2024" inc/index.html
'

test_expect_success 'an entry whose date has no year of four digits: index-undated.html' '
	mkdir -p journal/checkin/2026/02 &&
	printf "%s\n" --- "kind: checkin" "author: alex" \
	    "date: 2x26-02-07T21:00:00+00:00" --- "" "canary-undated-55" \
	    >journal/checkin/2026/02/2026-02-07-alex.md &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    add checkin/2026/02/2026-02-07-alex.md &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    commit -qm "an odd date" &&
	tend -C journal export --html inc >out &&
	test_grep "canary-undated-55" inc/entries/2026-02-07-alex.html &&
	test_grep "2026-02-07-alex.html" inc/index-undated.html &&
	test_grep "href=\"index-undated.html\"" inc/index.html &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    rm -q checkin/2026/02/2026-02-07-alex.md &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    commit -qm "no odd date" &&
	tend -C journal export --html inc >out &&
	! test -e inc/index-undated.html
'

test_expect_success 'a folder an older tend exported gets the years'"'"' pages' '
	# Its manifest had no years, and the index of every entry.
	grep -v "^y	" inc/.tend-export | sed "s/^i	index.html	.*/i	index.html	0/" >manifest &&
	cp manifest inc/.tend-export &&
	rm inc/index-*.html &&
	tend -C journal export --html inc >out &&
	test_grep " [2-9] written, 0 removed;" out &&
	test -f inc/index-$(date +%Y).html &&
	test_grep "href=\"index-$(date +%Y).html\"" inc/index.html
'

test_expect_success 'private pages go when exported again without --include-private' '
	tend -C journal export --html both --include-private >/dev/null &&
	grep -rq "canary-html-77" both &&
	tend -C journal export --html both >out &&
	test_grep " [1-9][0-9]* removed;" out &&
	if grep -rq "canary-html-77" both; then false; fi
'

test_expect_success 'a failed export leaves the last one as it was' '
	tend -C journal checkin --date 2026-01-06 $all_pillars \
	    -m "canary-failed-53" >/dev/null &&
	cp -Rp inc inc.before &&
	# Room for an entry page, not for the index, which comes last.
	(ulimit -f 16 && test_must_fail tend -C journal export --html inc \
	    2>err) &&
	test_grep "File too large" err &&
	diff -r inc.before inc &&
	tend -C journal export --html inc >out &&
	test_grep "canary-failed-53" inc/entries/2026-01-06-alex.html &&
	test_grep "2026-01-06-alex.html" inc/index.html
'

test_expect_success 'an export made again and again is the one made at once' '
	old=$(date -d "400 days ago" +%Y-%m-%d) &&
	y=${old%%-*} && m=${old#*-} && m=${m%%-*} &&
	f=checkin/$y/$m/$old-alex.md &&
	tend -C journal export --html step --include-private >/dev/null &&
	tend -C journal checkin --date $old $all_pillars \
	    -m "canary-step-61" >/dev/null &&
	tend -C journal reflect -m "private canary-step-62" >/dev/null &&
	tend -C journal export --html step --include-private >/dev/null &&
	# An entry long past edited, removed, written again; a partner
	# commit with plain git, with a file that is no entry.
	sed "s/canary-step-61/canary-step-63/" journal/$f >changed &&
	cp changed journal/$f &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    commit -qam "edit" &&
	tend -C journal export --html step --include-private >/dev/null &&
	test_grep "canary-step-63" step/entries/$old-alex.html &&
	git -C journal rm -q $f &&
	git -c user.name=Alex -c user.email=alex@example.org -C journal \
	    commit -qm "gone" &&
	tend -C journal export --html step --include-private >/dev/null &&
	! test -e step/entries/$old-alex.html &&
	tend -C journal checkin --date $old $all_pillars \
	    -m "canary-step-64" >/dev/null &&
	printf "%s\n" "---" "kind: checkin" "author: sam" \
	    "date: ${old}T21:00:00+00:00" "---" "" "## Notes" "" \
	    "canary-step-65" >journal/checkin/$y/$m/$old-sam.md &&
	echo "no front matter" >journal/checkin/$y/$m/junk.md &&
	git -C journal add checkin &&
	git -c user.name=Sam -c user.email=sam@example.org -C journal \
	    commit -qm "by hand" &&
	tend -C journal export --html step --include-private >out &&
	test_grep " [1-9][0-9]* written" out &&
	test_grep "canary-step-64" step/entries/$old-alex.html &&
	test_grep "canary-step-65" step/entries/$old-sam.html &&
	tend -C journal export --html whole --include-private >/dev/null &&
	diff -r step whole &&
	git -C journal rm -q checkin/$y/$m/$old-sam.md checkin/$y/$m/junk.md &&
	git -c user.name=Sam -c user.email=sam@example.org -C journal \
	    commit -qm "again by hand" &&
	tend -C journal export --html step >/dev/null &&
	rm -rf whole &&
	tend -C journal export --html whole >/dev/null &&
	diff -r step whole
'

test_expect_success 'a folder that is no export keeps what is in it' '
	mkdir other && echo "keep me" >other/index.txt &&
	tend -C journal export --html other >/dev/null &&
	test -f other/index.html &&
	test_grep "keep me" other/index.txt
'

test_expect_success 'a progress line on a terminal, none in a pipe' '
	echo wait >script &&
	"$SRC_DIR/tests/tty" script -- tend -C journal export --html ttysite >out &&
	test_grep "exporting: 100% (" out &&
	test_grep "pages in .ttysite." out &&
	tend -C journal export --html piped >out 2>err &&
	test_cmp /dev/null err
'

test_expect_success 'bad combinations are usage errors' '
	test_expect_code 2 tend -C journal export --html x --ics 2>err &&
	test_expect_code 2 tend -C journal export --include-private --ics 2>err
'

if command -v chromium >/dev/null 2>&1; then
test_expect_success 'headless Chromium renders the index, a year and an agreement' '
	profile=$(mktemp -d) &&
	for page in index.html index-$(date +%Y).html agree/phones.html; do
		chromium --headless --no-sandbox --disable-gpu --no-first-run \
		    --disable-background-networking --user-data-dir="$profile" \
		    --screenshot="$TRASH/shot.png" --window-size=1000,1400 \
		    "file://$TRASH/site/$page" >chromium.log 2>&1 &&
		test -s shot.png || return 1
	done
'
else
	test_skip "headless Chromium renders the index, a year and an agreement" \
	    "chromium is not installed"
fi

test_done
