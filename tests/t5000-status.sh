#!/bin/sh
# tend status: the dashboard, its JSON, and --quiet for prompts and cron.
. "$(dirname "$0")/lib.sh"

# From noon: at midnight, N days back across a daylight-saving change
# would land on the day before.
ago() {
	date -d "$(date +%Y-%m-%d) 12:00 $1 days ago" +%Y-%m-%d
}

# Rate all five pillars with one number.
rate_all() {
	echo "-r vulnerability=$1 -r listening=$1 -r empathy=$1 -r affirmation=$1 -r shared=$1"
}

test_expect_success 'setup: eight weeks of check-ins by Alex and Sam' '
	make_journal &&
	for d in $(seq 29 55); do
		tend -C journal checkin $(rate_all 5) --date $(ago $d) >/dev/null || return 1
	done &&
	for d in $(seq 1 27); do
		tend -C journal checkin $(rate_all 3) --date $(ago $d) >/dev/null || return 1
	done &&
	git -C journal config tend.me sam &&
	for d in $(seq 1 27); do
		tend -C journal checkin -r vulnerability=4 -r listening=1 -r empathy=4 \
		    -r affirmation=4 -r shared=4 --date $(ago $d) >/dev/null || return 1
	done &&
	tend -C journal checkin $(rate_all 4) >/dev/null &&
	git -C journal config tend.me alex
'

test_expect_success 'today, streaks, and each partner'"'"'s pillars' '
	tend -C journal status >out &&
	test_grep "^Today, $(date +%Y-%m-%d)$" out &&
	test_grep "^  Alex  *not checked in yet  *27 days in a row$" out &&
	test_grep "^  Sam  *checked in  *28 days in a row$" out &&
	test_grep "^  everyone: 27 days in a row$" out &&
	test_grep "^  vulnerability  Alex  *3.0 .*  -2.0$" out &&
	test_grep "^                 Sam  *4.0 " out
'

test_expect_success 'where partners see it differently, and falling pillars, said plainly' '
	test_grep "^Where you see it differently$" out &&
	test_grep "^  listening: Alex 3.0, Sam 1.1$" out &&
	test_grep "^  Alex.s vulnerability fell from 5.0 to 3.0 over the last four weeks.$" out &&
	test_grep "couples counsellor can help" out
'

test_expect_success 'the sparkline uses blocks, or digits outside UTF-8' '
	LC_ALL=C.UTF-8 tend -C journal status >out &&
	grep "^  shared  *Alex" out | grep -q "$(printf "\342\226")" &&
	LC_ALL=C LANG= tend -C journal status >ascii &&
	grep "^  shared  *Alex  *3.0 " ascii | grep -q "55553333" &&
	if grep -q "$(printf "\342\226")" ascii; then false; fi
'

test_expect_success 'resentments and agreements that want attention' '
	tend -C journal resent -k hurt --raise "One" >/dev/null &&
	tend -C journal resent -k hurt --raise "Two" >/dev/null &&
	tend -C journal resent -k hurt --raise "Three" >rid &&
	tend -C journal resent -k need "Mine only" >/dev/null &&
	tend -C journal resent resolve "$(cat rid)" -m talked >/dev/null &&
	git -C journal config tend.me sam &&
	tend -C journal agree new phones -t phones >/dev/null &&
	tend -C journal agree sign phones >/dev/null &&
	git -C journal config tend.me alex &&
	tend -C journal status >out &&
	test_grep "^  private, mine: 1 (the oldest 0 days)$" out &&
	test_grep "^  raised, open: 2 (the oldest 0 days)$" out &&
	test_grep "^  resolved in the last 30 days: 1$" out &&
	test_grep "^  awaiting your signature: phones$" out &&
	test_grep "^  resentments of one kind (hurt) were raised 3 times in 60 days.$" out
'

test_expect_success '--json carries the same facts, as valid JSON' '
	tend -C journal status --json >json &&
	perl -MJSON::PP -e "
		local \$/; my \$s = decode_json(<STDIN>);
		\$s->{streak} == 27 or die qq(streak \$s->{streak}\n);
		\$s->{partners}[1]{streak} == 28 or die qq(sam\n);
		\$s->{partners}[0]{pillars}{vulnerability}{recent} == 3 or die qq(recent\n);
		\$s->{partners}[0]{pillars}{vulnerability}{before} == 5 or die qq(before\n);
		scalar(@{\$s->{partners}[0]{pillars}{shared}{weekly}}) == 12 or die qq(weeks\n);
		\$s->{to_sign}[0] eq q(phones) or die qq(to_sign\n);
		\$s->{resentments}{raised} == 2 or die qq(raised\n);
		\$s->{attention} or die qq(attention\n);
		grep({ \$_ eq q(listening) } @{\$s->{seen_differently}}) or die qq(differ\n);
	" <json
'

test_expect_success '--quiet prints nothing; exit 3 while something wants attention' '
	test_expect_code 3 tend -C journal status --quiet >out &&
	test_cmp /dev/null out &&
	make_journal calm &&
	tend -C calm checkin $all_pillars >/dev/null &&
	tend -C calm status --quiet >out &&
	test_cmp /dev/null out
'

test_expect_success 'a week without a check-in is a pattern' '
	make_journal quiet &&
	tend -C quiet checkin $all_pillars --date $(ago 9) >/dev/null &&
	tend -C quiet status >out &&
	test_grep "^  nobody has checked in for 9 days.$" out &&
	test_expect_code 3 tend -C quiet status --quiet &&
	test_expect_code 2 tend -C quiet status --json --quiet 2>err
'

# Status reads check-in days newest first and stops once every streak has
# a gap: what it passes over must not change what it shows.
test_expect_success 'a streak ends at its first gap, across months' '
	make_journal streaks &&
	for d in $(seq 1 70); do
		test $d = 45 ||
		tend -C streaks checkin $all_pillars --date $(ago $d) >/dev/null ||
		return 1
	done &&
	git -C streaks config tend.me sam &&
	for d in $(seq 1 70); do
		tend -C streaks checkin $all_pillars --date $(ago $d) >/dev/null ||
		return 1
	done &&
	tend -C streaks status >out &&
	test_grep "^  Alex  *not checked in yet  *44 days in a row$" out &&
	test_grep "^  Sam  *not checked in yet  *70 days in a row$" out &&
	test_grep "^  everyone: 44 days in a row$" out
'

test_expect_success 'a check-in plain git put outside the months counts in its turn' '
	d=$(ago 45) &&
	mkdir -p streaks/checkin/extra &&
	printf -- "---\nkind: checkin\nauthor: alex\ndate: %sT12:00:00+00:00\n---\n" \
	    $d >streaks/checkin/extra/$d-alex.md &&
	git -C streaks add checkin/extra &&
	git -C streaks commit -q -m "a check-in by hand" &&
	tend -C streaks status >out &&
	test_grep "^  Alex  *not checked in yet  *70 days in a row$" out &&
	test_grep "^  everyone: 70 days in a row$" out
'

test_expect_success 'the newest check-in in an earlier year' '
	make_journal old &&
	tend -C old checkin $all_pillars --date $(ago 401) >/dev/null &&
	tend -C old checkin $all_pillars --date $(ago 400) >/dev/null &&
	tend -C old status >out &&
	test_grep "^  Alex  *not checked in yet  *0 days in a row$" out &&
	test_grep "^  nobody has checked in for 400 days.$" out
'

# Closed resentments from long ago are judged by their front matter's
# lines, unparsed; anything a parse could read otherwise is parsed.
test_expect_success 'resentments plain git wrote: counted as a parse reads them' '
	make_journal plain &&
	mkdir plain/resent &&
	fm() {
		printf -- "---\nkind: resent\nauthor: sam\ndate: %sT10:00:00+00:00\ntitle: %s\nroot: hurt\n" \
		    "$1" "$2"
	} &&
	{ fm 2020-01-01 Old && printf "state: resolved\nraised: 2020-01-01\nresolved: 2020-01-02\n---\n"; } \
	    >plain/resent/2020-01-01-old.md &&
	{ fm 2020-01-03 Late && printf "state: resolved\nraised: 2020-01-03\nresolved: %s\n---\n" $(ago 3); } \
	    >plain/resent/2020-01-03-late.md &&
	{ fm $(ago 500) Quoted && printf "state: \"raised\"\nraised: %s\n---\n" $(ago 500); } \
	    >plain/resent/$(ago 500)-quoted.md &&
	{ fm 2020-01-04 Folded && printf "state: resolved\n  or not\nraised: 2020-01-04\n---\n"; } \
	    >plain/resent/2020-01-04-folded.md &&
	{ fm 2020-01-05 Tagged && printf "state: dropped\ndropped: 2020-01-05\ntags:\n- a\n---\n"; } \
	    >plain/resent/2020-01-05-tagged.md &&
	git -C plain add resent &&
	git -C plain commit -q -m "resentments by hand" &&
	tend -C plain status >out 2>err &&
	test_grep "^  raised, open: 1 (the oldest 500 days)$" out &&
	test_grep "^  resolved in the last 30 days: 1$" out &&
	test_grep "^tend: warning: .resent/2020-01-04-folded.md. lacks a state" err &&
	test $(wc -l <err) = 1
'

test_expect_success 'a resentment plain git broke is one line; the rest still counts' '
	printf -- "---\nkind: resent\n: : broken\nstate: resolved\n---\n" \
	    >plain/resent/2020-02-01-broken.md &&
	git -C plain add resent &&
	git -C plain commit -q -m "a broken one" &&
	tend -C plain status >out 2>err &&
	test_grep "^  raised, open: 1 (the oldest 500 days)$" out &&
	test_grep "^tend: warning: cannot read .resent/2020-02-01-broken.md.: line 3: " err &&
	test $(wc -l <err) = 2 &&
	tend -C plain status --json >json 2>err &&
	perl -MJSON::PP -e "
		local \$/; my \$s = decode_json(<STDIN>);
		\$s->{resentments}{raised} == 1 or die qq(raised\n);
	" <json &&
	test_grep "^tend: warning: cannot read .resent/2020-02-01-broken.md" err &&
	tend -C plain status --quiet >out 2>err &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err
'

test_expect_success 'on a terminal status goes through the pager; piped or --json, not' '
	echo wait >script &&
	TEND_PAGER="sed s/^/paged:/" "$SRC_DIR/tests/tty" script -- \
	    tend -C plain status >transcript &&
	test_grep "^paged:.*Today, " transcript &&
	TEND_PAGER="sed s/^/paged:/" "$SRC_DIR/tests/tty" script -- \
	    tend -C plain status --json >transcript &&
	test_grep ! "paged:" transcript &&
	TEND_PAGER="sed s/^/paged:/" tend -C plain status >out &&
	test_grep ! "paged:" out
'

# Status keeps what it read by tree and blob id in .git/tend (trees,
# checkins, resent), so that it reads only what changed: with them,
# without them, or with them spoiled, it shows the same.
caches="trees checkins resent"
same_without_caches() {
	tend -C "$1" status >cached 2>cached-err &&
	for f in $caches; do rm -f "$1/.git/tend/$f" || return 1; done &&
	tend -C "$1" status >fresh 2>fresh-err &&
	test_cmp fresh cached &&
	test_cmp fresh-err cached-err
}

test_expect_success 'what status keeps shows what a full read shows' '
	cp plain/resent/* streaks/resent/ 2>/dev/null ||
	{ mkdir -p streaks/resent && cp plain/resent/* streaks/resent/; } &&
	git -C streaks add resent &&
	git -C streaks commit -q -m "resentments by hand" &&
	tend -C streaks status >/dev/null 2>&1 &&
	for f in $caches; do test -s streaks/.git/tend/$f || return 1; done &&
	same_without_caches streaks &&
	test_grep "^  everyone: 70 days in a row$" fresh &&
	test_grep "^  raised, open: 1 (the oldest 500 days)$" fresh &&
	test $(wc -l <fresh-err) = 2
'

test_expect_success 'a cache cut short, spoiled or of another kind is read again' '
	for n in 0 10 41 60 200 2000; do
		for f in $caches; do
			tend -C streaks status >/dev/null 2>&1 &&
			head -c $n streaks/.git/tend/$f >cut &&
			mv cut streaks/.git/tend/$f &&
			tend -C streaks status >out 2>err &&
			test_cmp fresh out &&
			test_cmp fresh-err err || return 1
		done
	done &&
	tend -C streaks status >/dev/null 2>&1 &&
	cp streaks/.git/tend/checkins other-kind &&
	for f in $caches; do
		printf "tend-%s 1 0.1.0\nnot a record\n" $f >streaks/.git/tend/$f &&
		tend -C streaks status >out 2>err &&
		test_cmp fresh out &&
		test_cmp fresh-err err &&
		cp other-kind streaks/.git/tend/$f &&
		tend -C streaks status >out 2>err &&
		test_cmp fresh out &&
		test_cmp fresh-err err || return 1
	done
'

test_expect_success 'a partner'"'"'s plain git commit to old folders is seen' '
	tend -C streaks status >/dev/null 2>&1 &&
	for d in $(ago 71) $(ago 72); do
		month=checkin/$(echo $d | cut -c1-4)/$(echo $d | cut -c6-7) &&
		printf -- "---\nkind: checkin\nauthor: sam\ndate: %sT12:00:00+00:00\n---\n" \
		    $d >streaks/$month/$d-sam.md || return 1
	done &&
	d=$(ago 3) &&
	f=checkin/$(echo $d | cut -c1-4)/$(echo $d | cut -c6-7)/$d-sam.md &&
	sed "s/listening: .*/listening: 1/" streaks/$f >changed &&
	mv changed streaks/$f &&
	sed "s/^state: resolved/state: raised/" streaks/resent/2020-01-01-old.md >changed &&
	mv changed streaks/resent/2020-01-01-old.md &&
	git -C streaks add checkin resent &&
	git -C streaks commit -q -m "by hand, as a partner might" &&
	same_without_caches streaks &&
	test_grep "^  Sam  *not checked in yet  *72 days in a row$" fresh &&
	test_grep "^  raised, open: 2 " fresh &&
	tend -C streaks status --json >cached-json &&
	for f in $caches; do rm -f streaks/.git/tend/$f || return 1; done &&
	tend -C streaks status --json >fresh-json &&
	test_cmp fresh-json cached-json
'

test_done
