#!/bin/sh
# tend checkin as a ritual: asked on a terminal, timed turns, and the list.
. "$(dirname "$0")/lib.sh"

TTY="$SRC_DIR/tests/tty"

snapshot() {
	git -C journal rev-parse HEAD >"$1" &&
	git -C journal status --porcelain --untracked-files=all >>"$1"
}

test_expect_success 'setup' '
	make_journal
'

test_expect_success 'on a terminal without -r, it asks for each pillar with its summary' '
	cat >script <<-\EOF &&
	expect vulnerability: letting yourself be seen
	expect rating (1-5): 
	send 4\n
	expect listening:
	expect rating (1-5): 
	send 3\n
	expect empathy:
	expect rating (1-5): 
	send 5\n
	expect affirmation:
	expect rating (1-5): 
	send 4\n
	expect shared:
	expect rating (1-5): 
	send 2\n
	expect appreciated
	send the soup\n
	expect need
	send a slow Sunday\n
	expect Notes
	send \n
	wait
	EOF
	"$TTY" script -- tend -C journal checkin --date 2026-11-20 >transcript &&
	f=journal/checkin/2026/11/2026-11-20-alex.md &&
	test_grep "^  vulnerability: 4$" $f &&
	test_grep "^  shared: 2$" $f &&
	test_grep "^the soup$" $f &&
	test_grep "^a slow Sunday$" $f &&
	test_grep ! "## Notes" $f &&
	test_grep "2026-11-20-alex" transcript
'

test_expect_success 'a bad answer is asked again' '
	cat >script <<-\EOF &&
	expect rating (1-5): 
	send 7\n
	expect please answer with a number from 1 to 5
	send x\n
	expect please answer
	send \n
	expect please answer
	send  2 \n
	expect listening:
	send 2\n
	expect empathy:
	send 2\n
	expect affirmation:
	send 2\n
	expect shared:
	send 2\n
	expect appreciated
	send \n
	expect need
	send \n
	expect Notes
	send \n
	wait
	EOF
	"$TTY" script -- tend -C journal checkin --date 2026-11-19 >transcript &&
	test_grep "for 2026-11-19; q stops without writing" transcript &&
	test_grep ! "for today" transcript &&
	test_grep "^  vulnerability: 2$" journal/checkin/2026/11/2026-11-19-alex.md
'

test_expect_success 'q at a rating stops and writes nothing' '
	snapshot before &&
	cat >script <<-\EOF &&
	expect rating (1-5): 
	send 3\n
	expect listening:
	send Q\n
	expect nothing written
	wait
	EOF
	test_expect_code 1 "$TTY" script -- tend -C journal checkin >transcript &&
	test_grep "for today; q stops" transcript &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'q at a text question stops too, and is never saved as text' '
	cat >script <<-\EOF &&
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect appreciated
	send  q\n
	expect nothing written
	wait
	EOF
	test_expect_code 1 "$TTY" script -- tend -C journal checkin >transcript &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'a second check-in of a day is asked about first, on a terminal' '
	cat >script <<-\EOF &&
	expect replace that check-in? (y/N) 
	send \n
	expect nothing written
	wait
	EOF
	test_expect_code 1 "$TTY" script -- tend -C journal checkin --date 2026-11-20 >transcript &&
	test_grep "You checked in for 2026-11-20 already" transcript &&
	snapshot after &&
	test_cmp before after &&
	cat >script <<-\EOF &&
	expect replace that check-in? (y/N) 
	send y\n
	wait
	EOF
	"$TTY" script -- tend -C journal checkin $all_pillars -m "Again." \
	    --date 2026-11-20 >transcript &&
	test_grep "^Again.$" journal/checkin/2026/11/2026-11-20-alex.md &&
	test_grep ! "this replaces" transcript &&
	snapshot before
'

test_expect_success 'end of input at a question stops and writes nothing' '
	cat >script <<-\EOF &&
	expect rating (1-5): 
	eof
	expect nothing written
	wait
	EOF
	test_expect_code 1 "$TTY" script -- tend -C journal checkin >transcript &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'notes may be written in the editor' '
	cat >editor <<-\EOF &&
	printf "Written in the editor.\n" >"$1"
	EOF
	cat >script <<-\EOF &&
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect appreciated
	send \n
	expect need
	send \n
	expect Notes
	send e\n
	wait
	EOF
	EDITOR="sh $TRASH/editor" "$TTY" script -- tend -C journal checkin --date 2026-11-18 >transcript &&
	test_grep "^Written in the editor.$" journal/checkin/2026/11/2026-11-18-alex.md &&
	ls journal/.git/tend >left &&
	printf "allowed_signers\nkey-alex\n" >expect &&
	test_cmp expect left
'

test_expect_success 'the timer runs the turns, then the check-in is recorded' '
	tend -C journal checkin --timer=1s $all_pillars --date 2026-11-17 >id 2>out &&
	test_grep "Put your phones away" out &&
	test_grep "\[1/4\] Alex speaks, Sam listens" out &&
	test_grep "\[2/4\] Sam speaks, Alex listens" out &&
	test_grep "\[4/4\] Sam speaks" out &&
	test_grep "Time is up" out &&
	test "$(cat id)" = 2026-11-17-alex
'

test_expect_success 'the timer takes its length from tend.conf, and ^C ends it early' '
	git config --file journal/tend.conf checkin.minutes 10 &&
	cat >script <<-\EOF &&
	expect [1/4] Alex speaks, Sam listens. 2:30 for this turn, 10:00 left.
	send \003
	expect Stopped with
	expect vulnerability
	send 4\n
	expect listening:
	send 4\n
	expect empathy:
	send 4\n
	expect affirmation:
	send 4\n
	expect shared:
	send 4\n
	expect appreciated
	send \n
	expect need
	send \n
	expect Notes
	send \n
	wait
	EOF
	"$TTY" -t 20 script -- tend -C journal checkin --timer --date 2026-11-16 >transcript &&
	test_grep "^  shared: 4$" journal/checkin/2026/11/2026-11-16-alex.md &&
	git -C journal checkout -q tend.conf
'

test_expect_success 'with three partners, one speaks and the others listen' '
	tend init --me "Robin <robin@example.org>" --partner Alex --partner Sam \
	    three >/dev/null &&
	tend -C three checkin --timer=1s $all_pillars >/dev/null 2>out &&
	test_grep "\[1/6\] Robin speaks, the others listen" out &&
	test_grep "\[3/6\] Sam speaks, the others listen" out
'

test_expect_success 'texts given as options are not asked again' '
	cat >script <<-\EOF &&
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect rating (1-5): 
	send 3\n
	expect need
	send \n
	wait
	EOF
	"$TTY" script -- tend -C journal checkin -a "given up front" -m "notes too" \
	    --date 2026-11-14 >transcript &&
	test_grep ! "appreciated" transcript &&
	test_grep ! "Notes:" transcript &&
	f=journal/checkin/2026/11/2026-11-14-alex.md &&
	test_grep "^given up front$" $f &&
	test_grep "^notes too$" $f
'

test_expect_success 'an unknown local partner is named before any question' '
	git -C journal config --unset tend.me &&
	echo wait >script &&
	test_expect_code 1 "$TTY" script -- tend -C journal checkin --timer=100 >transcript &&
	test_grep "who are you in this journal" transcript &&
	test_grep ! "phones" transcript &&
	git -C journal config tend.me alex
'

test_expect_success 'a bad timer length is a usage error' '
	test_expect_code 2 tend -C journal checkin --timer=soon $all_pillars 2>err &&
	test_grep "timer takes minutes" err &&
	test_expect_code 2 tend -C journal checkin --timer 5 $all_pillars 2>err &&
	test_grep "unexpected argument .5. (for turns of that many minutes, write --timer=5)" err &&
	test_expect_code 2 tend -C journal checkin --timer=0 $all_pillars 2>err &&
	test_expect_code 2 tend -C journal checkin --timer=500 $all_pillars 2>err &&
	for t in 0.5s 1e-1 0.001 0x10 inf 7.125 " 5" 1,5 0s 90.5s; do
		test_expect_code 2 tend -C journal checkin --timer="$t" \
		    $all_pillars 2>err &&
		test_grep "timer takes minutes from 1 to 180 (\"7.5\") or whole seconds (\"90s\"), not .$t." err ||
		return 1
	done &&
	test_must_fail tend -C journal config checkin.minutes 1e-1 2>err &&
	test_grep "from 1 to 180, with at most two decimals" err &&
	test_must_fail tend -C journal config checkin.minutes 0.001 2>err &&
	git config --file journal/tend.conf checkin.minutes 0.5 &&
	test_expect_code 1 tend -C journal checkin --timer $all_pillars 2>err &&
	test_grep "^tend: tend.conf: checkin.minutes .0.5. is not a number of minutes from 1 to 180$" err &&
	git -C journal checkout -q tend.conf
'

test_expect_success 'a date in the future is refused' '
	snapshot before &&
	test_expect_code 2 tend -C journal checkin $all_pillars --date 2099-01-01 2>err &&
	test_grep "the date 2099-01-01 is in the future" err &&
	test_expect_code 2 tend -C journal checkin $all_pillars --date tomorrow 2>err &&
	test_grep "is not a date" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success '--list shows every check-in as a table, by day' '
	git -C journal config tend.me sam &&
	tend -C journal checkin $all_pillars --date 2026-11-17 >/dev/null &&
	git -C journal config tend.me alex &&
	tend -C journal checkin --list >list &&
	cat >expect <<-\EOF &&
	date        partner       vulnerability  listening  empathy  affirmation  shared
	2026-11-14  alex                      3          3        3            3       3
	2026-11-16  alex                      4          4        4            4       4
	2026-11-17  alex                      4          3        5            4       2
	2026-11-17  sam                       4          3        5            4       2
	2026-11-18  alex                      3          3        3            3       3
	2026-11-19  alex                      2          2        2            2       2
	2026-11-20  alex                      4          3        5            4       2
	EOF
	test_cmp expect list &&
	tend -C journal checkin --list --since 2026-11-19 >list &&
	test "$(wc -l <list)" = 3
'

test_expect_success '--list names a broken check-in and goes on' '
	printf -- "---\nkind: checkin\n  bad: [\n---\n" >journal/checkin/2026/11/2026-11-15-sam.md &&
	git -C journal add . &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org commit -q -m broken &&
	tend -C journal checkin --list >list 2>err &&
	test_grep "^tend: warning: cannot read .checkin/2026/11/2026-11-15-sam.md.: line" err &&
	test "$(wc -l <list)" = 8
'

test_expect_success '--list and a check-in cannot be combined' '
	test_expect_code 2 tend -C journal checkin --list -r empathy=3 2>err &&
	test_expect_code 2 tend -C journal checkin --since 2026-11-01 2>err &&
	test_grep "since goes with --list" err
'

test_done
