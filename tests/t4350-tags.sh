#!/bin/sh
# Tags on every kind of entry, tend log --tag, the tags in tend status; and
# --date on every command that writes an entry.
. "$(dirname "$0")/lib.sh"

today=$(date +%Y-%m-%d)
yesterday=$(date -d yesterday +%Y-%m-%d)
three_days_ago=$(date -d "3 days ago" +%Y-%m-%d)
in_two_days=$(date -d "2 days" +%Y-%m-%d)
url=file://$TRASH/srv/journal.git
private=alex/.git/tend/private

# Nothing committed, nothing private written: the state before, after.
state() {
	git -C alex rev-parse HEAD &&
	git -C alex status --porcelain &&
	(cd $private && find . -name "*.md" | sort)
}

test_expect_success 'setup: Alex.s journal on a remote, Sam on plain git' '
	partner_setup
'

test_expect_success 'a check-in takes -t, lowercased, each tag once' '
	tend -C alex checkin $all_pillars -t Work -t money -t WORK \
	    --date $three_days_ago >id &&
	f=alex/checkin/$(echo $three_days_ago | sed "s|-|/|;s|-.*||")/$(cat id).md &&
	test_grep "^tags: \[work, money\]$" $f
'

test_expect_success 'so do a reflection, a resentment and a new agreement' '
	tend -C alex reflect -p saying-fine -t work -t ÉTÉ-été \
	    -m "I say fine." >id &&
	test_grep "^tags: \[work, \"ÉtÉ-été\"\]$" $private/reflect/*/*/$(cat id).md &&
	tend -C alex resent -k hurt --tag money -m "Again." "Late" >id &&
	test_grep "^tags: \[money\]$" $private/resent/$(cat id).md &&
	tend -C alex agree new phones -m "- No phones at dinner." \
	    --tag home --tag 李明 >/dev/null &&
	test_grep "^tags: \[home, \"李明\"\]$" alex/agree/phones.md
'

test_expect_success 'a bad tag is a usage error naming it; nothing is written' '
	state >before &&
	test_expect_code 2 tend -C alex checkin $all_pillars -t "two words" 2>err &&
	test_grep "bad tag .two words." err &&
	test_expect_code 2 tend -C alex reflect -t "a,b" -m x 2>err &&
	test_grep "bad tag .a,b." err &&
	test_expect_code 2 tend -C alex resent -k hurt -t "" -m x "T" 2>err &&
	test_grep "tag cannot be empty" err &&
	test_expect_code 2 tend -C alex agree new x -m "- x" \
	    --tag aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 2>err &&
	test_grep "at most 32 bytes" err &&
	test_expect_code 2 tend -C alex reflect -t "$(printf "a\033b")" \
	    -m x 2>err &&
	test_grep "bad tag" err &&
	! grep -q "$(printf "\033")" err &&
	test_expect_code 2 tend -C alex log --tag "x y" 2>err &&
	test_grep "bad tag .x y." err &&
	tags="" &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do
		tags="$tags -t t$i"
	done &&
	test_expect_code 2 tend -C alex reflect $tags -m x 2>err &&
	test_grep "at most 16 tags" err &&
	state >after &&
	test_cmp before after
'

test_expect_success 'log --tag: the entries with any of the tags given' '
	tend -C alex log --tag work >log &&
	test "$(wc -l <log)" = 2 &&
	test_grep "checkin" log &&
	test_grep "reflect private" log &&
	tend -C alex log --tag MONEY -t home >log &&
	test "$(wc -l <log)" = 3 &&
	test_grep "resent  private" log &&
	test_grep "agree" log &&
	tend -C alex log --tag work --kind reflect >log &&
	test "$(wc -l <log)" = 1 &&
	tend -C alex log --tag nothing-here >log &&
	test ! -s log
'

test_expect_success 'status counts the last 30 days. tags, the most used first' '
	tend -C alex status >out &&
	test_grep "^Tags (last 30 days): money 2, work 2, ÉtÉ-été 1$" out &&
	tend -C alex status --json >json &&
	test_grep "\"tags\": {\"money\": 2, \"work\": 2, \"ÉtÉ-été\": 1}," json
'

test_expect_success 'status says nothing of tags where there are none' '
	make_journal plain &&
	tend -C plain checkin $all_pillars >/dev/null &&
	tend -C plain status >out &&
	! grep -q "^Tags" out &&
	tend -C plain status --json >json &&
	test_grep "\"tags\": {}," json
'

test_expect_success 'a shared reflection counts once' '
	tend -C alex reflect --share -p lessons-from-home -t home \
	    -m "Shared." >/dev/null &&
	tend -C alex status >out &&
	test_grep "^Tags (last 30 days): money 2, work 2, home 1, ÉtÉ-été 1$" out
'

test_expect_success 'a partner.s tags that are not good tags are reported, not taken as tags' '
	git -C sam pull -q --no-rebase &&
	mkdir -p sam/checkin/2026/11 &&
	for d in 01 02 03 04; do
		printf -- "---\nkind: checkin\nauthor: sam\ndate: 2026-11-$d\n" \
		    >sam/checkin/2026/11/2026-11-$d-sam.md || return 1
	done &&
	printf "tags: work\n---\n" >>sam/checkin/2026/11/2026-11-01-sam.md &&
	printf "tags: [ok, \"two words\"]\n---\n" \
	    >>sam/checkin/2026/11/2026-11-02-sam.md &&
	printf "tags: [[nested]]\n---\n" >>sam/checkin/2026/11/2026-11-03-sam.md &&
	printf "tags: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q]\n---\n" \
	    >>sam/checkin/2026/11/2026-11-04-sam.md &&
	git -C sam add -A && git -C sam commit -q -m "tags by hand" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	tend -C alex log --since 2026-11-01 --until 2026-11-04 >log 2>err &&
	test ! -s log &&
	test "$(wc -l <err)" = 4 &&
	test_grep "2026-11-01-sam.md.*.tags. must be a list" err &&
	test_grep "2026-11-02-sam.md.*bad tag .two words." err &&
	test_grep "2026-11-03-sam.md.*list of words" err &&
	test_grep "2026-11-04-sam.md.*at most 16" err &&
	test_expect_code 1 tend -C alex show 2026-11-02-sam 2>err &&
	test_grep "bad tag" err &&
	tend -C alex checkin --list --since 2026-11-01 >/dev/null 2>err &&
	test_grep "2026-11-01-sam.md" err &&
	tend -C alex status >/dev/null
'

test_expect_success 'a partner.s block list of tags reads as well' '
	git -C sam pull -q --no-rebase &&
	printf -- "---\nkind: checkin\nauthor: sam\ndate: 2026-11-05\ntags:\n- Work\n- home\n---\n" \
	    >sam/checkin/2026/11/2026-11-05-sam.md &&
	git -C sam add -A && git -C sam commit -q -m "block tags" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	tend -C alex log --tag work --since 2026-11-05 --until 2026-11-05 >log &&
	test_grep "2026-11-05-sam" log
'

test_expect_success '--date dates a reflection, a resentment and an agreement' '
	tend -C alex reflect -p saying-fine --date 2026-11-20 -m "Then." >id &&
	test "$(cat id)" = 2026-11-20-alex-saying-fine &&
	test_grep "^date: 2026-11-20T" $private/reflect/2026/11/$(cat id).md &&
	tend -C alex resent -k need --date yesterday -m x "Asked twice" >id &&
	test "$(cat id)" = $yesterday-alex-asked-twice &&
	test_grep "^date: ${yesterday}T" $private/resent/$(cat id).md &&
	tend -C alex resent -k need --date 3.days.ago --raise -m x "Raised then" >id &&
	test "$(cat id)" = $three_days_ago-alex-raised-then &&
	test_grep "^raised: $three_days_ago$" alex/resent/$(cat id).md &&
	tend -C alex agree new bedtime -m "- Lights out at 11." \
	    --date 2026-10-01 >/dev/null &&
	test_grep "^created: 2026-10-01$" alex/agree/bedtime.md &&
	tend -C alex log --since 2026-11-20 --until 2026-11-20 >log &&
	test_grep "^2026-11-20  alex  *reflect private" log
'

test_expect_success 'a day to come, or no date at all, is refused; nothing is written' '
	state >before &&
	test_expect_code 2 tend -C alex reflect --date $in_two_days -m x 2>err &&
	test_grep "in the future" err &&
	test_expect_code 2 tend -C alex resent -k hurt --date $in_two_days \
	    -m x "Later" 2>err &&
	test_grep "in the future" err &&
	test_expect_code 2 tend -C alex agree new later -m "- x" \
	    --date $in_two_days 2>err &&
	test_grep "in the future" err &&
	test_expect_code 2 tend -C alex checkin $all_pillars \
	    --date $in_two_days 2>err &&
	test_grep "in the future" err &&
	test_expect_code 2 tend -C alex reflect --date someday -m x 2>err &&
	test_grep "not a date" err &&
	test_expect_code 2 tend -C alex reflect --list --date today 2>err &&
	state >after &&
	test_cmp before after
'

test_expect_success '--review and --as-of read dates as every command does' '
	tend -C alex agree new kids -m "- Bedtime stories." --review today \
	    >/dev/null &&
	test_grep "^review: $today$" alex/agree/kids.md &&
	test_expect_code 2 tend -C alex agree edit kids --review yesterday \
	    2>err &&
	test_grep "is past" err &&
	tend -C alex agree show kids --as-of today >out &&
	test_grep "Bedtime stories" out &&
	test_expect_code 1 tend -C alex agree show kids --as-of 2.days.ago \
	    2>err &&
	test_grep "no agreement .kids. yet" err
'

test_done
