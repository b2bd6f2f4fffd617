#!/bin/sh
# tend remind: what is due now, quiet when nothing is, the systemd timer
# or crontab lines, and notify-send given the lines as arguments.
. "$(dirname "$0")/lib.sh"

# From noon: at midnight, N days back across a daylight-saving change
# would land on the day before.
ago() {
	date -d "$(date +%Y-%m-%d) 12:00 $1 days ago" +%Y-%m-%d
}
# A command at noon N days ago; a clock faked already (tests/dates.sh)
# is set aside, as t6200 does.
days_ago() {
	n=$1
	shift
	env -u LD_PRELOAD -u FAKETIME -u FAKETIME_SHARED \
	    ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
	    faketime "$(ago "$n") 12:00:00" "$@"
}
# The weekday of N days from today, as tend.conf spells it.
weekday_in() {
	date -d "$(date +%Y-%m-%d) 12:00 $1 days" +%A | tr A-Z a-z
}

test_expect_success 'setup' '
	make_journal
'

test_expect_success 'a new journal: the check-in and a reflection are due' '
	tend -C journal remind >out &&
	printf "%s\n" "check-in: not done today" "reflect: no reflection yet" \
	    >expect &&
	test_cmp expect out &&
	test_expect_code 3 tend -C journal remind -q >out 2>err &&
	test ! -s out && test ! -s err &&
	test_expect_code 3 tend -C journal remind --quiet
'

test_expect_success 'the check-in ritual'"'"'s time is said' '
	tend -C journal config ritual.checkin.time 20:30 &&
	tend -C journal remind >out &&
	test_grep "^check-in: not done today (ritual at 20:30)$" out
'

test_expect_success 'a weekly check-in is due on its day alone' '
	tend -C journal config ritual.checkin.repeat weekly &&
	tend -C journal config ritual.checkin.day $(weekday_in 1) &&
	tend -C journal remind >out &&
	test_grep ! "^check-in" out &&
	tend -C journal config ritual.checkin.day $(weekday_in 0) &&
	tend -C journal remind >out &&
	test_grep "^check-in: not done today (ritual at 20:30)$" out &&
	tend -C journal config ritual.checkin.repeat daily
'

test_expect_success 'my check-in today ends it; a partner'"'"'s or yesterday'"'"'s does not' '
	as_sam tend -C journal checkin $all_pillars >/dev/null &&
	tend -C journal checkin $all_pillars --date $(ago 1) >/dev/null &&
	tend -C journal remind >out &&
	test_grep "^check-in: not done today" out &&
	tend -C journal checkin $all_pillars >/dev/null &&
	tend -C journal remind >out &&
	test_grep ! "^check-in" out
'

test_expect_success 'a reflection more than a week old is due; a newer one is not' '
	days_ago 9 tend -C journal reflect -m "Nine days ago." >/dev/null &&
	tend -C journal remind >out &&
	test_grep "^reflect: last reflection 9 days ago$" out &&
	as_sam days_ago 2 tend -C journal reflect --share -m "Sam, shared." \
	    >/dev/null &&
	tend -C journal remind >out &&
	test_grep "^reflect: last reflection 9 days ago$" out &&
	days_ago 6 tend -C journal reflect --share -m "Six days ago." \
	    >/dev/null &&
	tend -C journal remind >out &&
	test_grep ! "^reflect" out
'

test_expect_success 'the last reflection is found however long ago it was' '
	make_journal old &&
	days_ago 500 tend -C old reflect -m "Long ago." >/dev/null &&
	tend -C old remind >out &&
	test_grep "^reflect: last reflection 500 days ago$" out &&
	days_ago 100 tend -C old reflect --share -m "Less long ago." \
	    >/dev/null &&
	tend -C old remind >out &&
	test_grep "^reflect: last reflection 100 days ago$" out &&
	days_ago 30 tend -C old reflect -m "A month ago." >/dev/null &&
	tend -C old remind >out &&
	test_grep "^reflect: last reflection 30 days ago$" out
'

test_expect_success 'nothing due: no output, exit 0, and -q says so too' '
	tend -C journal remind >out 2>err &&
	test ! -s out && test ! -s err &&
	tend -C journal remind -q &&
	tend -C journal remind --json >out &&
	echo "[]" >expect &&
	test_cmp expect out
'

test_expect_success 'a resentment open two weeks is due until it is resolved' '
	days_ago 13 tend -C journal resent --kind need -m "x" "new one" \
	    >/dev/null &&
	days_ago 15 tend -C journal resent --kind hurt -m "x" "late dinners" \
	    >id &&
	tend -C journal remind >out &&
	echo "resent: '"'"'late dinners'"'"' open for 15 days, not raised yet" \
	    >expect &&
	test_cmp expect out &&
	tend -C journal resent raise $(cat id) >/dev/null &&
	tend -C journal remind >out &&
	echo "resent: '"'"'late dinners'"'"' open for 15 days" >expect &&
	test_cmp expect out &&
	tend -C journal resent resolve $(cat id) -m "We eat at seven." \
	    >/dev/null &&
	tend -C journal remind >out &&
	test ! -s out
'

test_expect_success 'past three resentments, the rest are counted in one line' '
	make_journal many &&
	for n in 1 2 3 4 5; do
		days_ago $((20 + n)) tend -C many resent -k hurt -m "x" "hurt $n" \
		    >/dev/null || return 1
	done &&
	tend -C many remind >out &&
	grep "^resent" out >actual &&
	printf "%s\n" "resent: '"'"'hurt 5'"'"' open for 25 days, not raised yet" \
	    "resent: '"'"'hurt 4'"'"' open for 24 days, not raised yet" \
	    "resent: '"'"'hurt 3'"'"' open for 23 days, not raised yet" \
	    "resent: 2 more open for 14 days or more" >expect &&
	test_cmp expect actual &&
	tend -C many remind --json >out &&
	test "$(grep -c "\"kind\": \"resent\"" out)" = 5
'

test_expect_success 'an agreement whose review day has come is due until moved' '
	today=$(date +%Y-%m-%d) &&
	next_year=$(($(date +%Y) + 1))-01-01 &&
	tend -C journal agree new chores -m "- We share them." --review $today \
	    >/dev/null &&
	tend -C journal agree sign chores >/dev/null &&
	tend -C journal remind >out &&
	test ! -s out &&
	as_sam tend -C journal agree sign chores >/dev/null &&
	tend -C journal remind >out &&
	echo "agree: '"'"'chores'"'"' review due $today" >expect &&
	test_cmp expect out &&
	test_expect_code 3 tend -C journal remind -q &&
	tend -C journal remind --json >out &&
	test_grep "^  {\"kind\": \"review\", \"agreement\": \"chores\", \"review\": \"$today\"}$" out &&
	tend -C journal agree edit chores --review $next_year >/dev/null &&
	tend -C journal remind >out &&
	test ! -s out
'

# A raised resentment Sam wrote with plain git, its title full of escape
# sequences: what reaches a terminal or a notification is made safe.
test_expect_success 'setup: a partner'"'"'s resentment with escapes in its title' '
	day=$(ago 20) &&
	f=journal/resent/$day-sam-noise.md &&
	printf "%s\n" "---" "kind: resent" "author: sam" \
	    "date: ${day}T12:00:00+00:00" \
	    "title: \"noise \\e]0;pwned\\a\\e[2J at night\"" "root: hurt" \
	    "state: raised" "raised: $day" "---" "" "It wakes me." >"$f" &&
	git -C journal add resent &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "resent: raise noise" &&
	tend -C journal remind >out &&
	test_grep "^resent: .noise .*at night. open for 20 days$" out &&
	! grep -q "$(printf "\033")" out &&
	! grep -q "$(printf "\007")" out
'

test_expect_success '--notify gives notify-send the lines as arguments, made safe' '
	mkdir -p bin &&
	printf "%s\n" "#!/bin/sh" "for a; do printf \"%s\\n\" \"\$a\"; done >\"$TRASH/args\"" \
	    >bin/notify-send &&
	chmod +x bin/notify-send &&
	PATH=$TRASH/bin:$PATH tend -C journal remind --notify >out 2>err &&
	test ! -s out && test ! -s err &&
	printf "%s\n" --app-name=tend -- "tend: 1 thing due" >expect &&
	head -n 3 args >actual &&
	test_cmp expect actual &&
	test_grep "^resent: .noise .*at night. open for 20 days$" args &&
	test "$(wc -l <args)" = 4 &&
	! grep -q "$(printf "\033")" args &&
	! grep -q "$(printf "\007")" args
'

test_expect_success '--notify without notify-send, or when it fails, prints the lines' '
	printf "%s\n" "#!/bin/sh" "exit 1" >bin/notify-send &&
	PATH=$TRASH/bin:$PATH tend -C journal remind --notify >out 2>err &&
	test_grep "^resent: .noise" out &&
	test_grep "^tend: notify-send failed; the reminders follow$" err &&
	rm bin/notify-send &&
	PATH=$TRASH/bin:$PATH tend -C journal remind --notify >out 2>err &&
	test_grep "^resent: .noise" out &&
	test ! -s err
'

test_expect_success 'options that do not go together, and operands, are refused' '
	test_expect_code 2 tend -C journal remind --json -q 2>err &&
	test_grep "cannot be combined" err &&
	test_expect_code 2 tend -C journal remind --install=launchd 2>err &&
	test_grep "takes systemd or cron, not .launchd.$" err &&
	test_expect_code 2 tend -C journal remind now 2>err
'

test_expect_success '--install without a ritual time writes nothing' '
	make_journal bare &&
	test_expect_code 2 tend -C bare remind --install=systemd 2>err &&
	test_grep "no ritual has a time" err &&
	test ! -e "$XDG_CONFIG_HOME/systemd"
'

test_expect_success 'a ritual time written by hand that is not HH:MM is left out' '
	for t in 8:30 24:00 12:60 "12:3:" 1230; do
		git config --file bare/tend.conf ritual.checkin.time "$t" &&
		test_expect_code 2 tend -C bare remind --install=cron \
		    >out 2>err &&
		test_grep "no ritual has a time" err || return 1
	done &&
	tend -C bare remind >out &&
	test_grep "^check-in: not done today$" out
'

units=$XDG_CONFIG_HOME/systemd/user
test_expect_success '--install=systemd writes a service and a timer at the rituals'"'"' times' '
	tend -C journal config ritual.date-night.time 19:00 &&
	tend -C journal config ritual.date-night.repeat weekly &&
	tend -C journal config ritual.date-night.day saturday &&
	tend -C journal remind --install=systemd >out &&
	test_grep "^wrote $units/tend-remind.service and tend-remind.timer$" out &&
	test_grep "systemctl --user enable --now tend-remind.timer" out &&
	test_grep "^ExecStart=\"$SRC_DIR/tend\" -C \"$TRASH/journal\" remind --notify$" \
	    "$units/tend-remind.service" &&
	test_grep "^OnCalendar=\*-\*-\* 20:30:00$" "$units/tend-remind.timer" &&
	test_grep "^OnCalendar=Sat \*-\*-\* 19:00:00$" "$units/tend-remind.timer" &&
	test_grep "^WantedBy=timers.target$" "$units/tend-remind.timer"
'

if command -v systemd-analyze >/dev/null; then
	test_expect_success 'systemd-analyze verify finds nothing wrong with them' '
		systemd-analyze verify "$units/tend-remind.service" \
		    "$units/tend-remind.timer" >out 2>&1 &&
		test ! -s out
	'
else
	test_skip 'systemd-analyze verify finds nothing wrong with them' \
	    'no systemd-analyze; make deps installs it'
fi

# A tend and a journal in folders whose names systemd and cron would
# read as specifiers, variables, quotes or more than one word.
bindir='my tend 100% $HOME'
jdir='our "journal" 100% $HOME'
test_expect_success 'paths with spaces, %, $ and quotes are escaped for systemd' '
	mkdir -p "$TRASH/$bindir" "$TRASH/$jdir" &&
	cp "$SRC_DIR/tend" "$TRASH/$bindir/tend" &&
	cp -R "$SRC_DIR/content" "$TRASH/$bindir/content" &&
	cp -R journal "$TRASH/$jdir/journal" &&
	"$TRASH/$bindir/tend" -C "$TRASH/$jdir/journal" remind \
	    --install=systemd >/dev/null &&
	cat >expect <<-\EOF &&
	ExecStart="@/my tend 100%% $HOME/tend" -C "@/our \"journal\" 100%% $$HOME/journal" remind --notify
	EOF
	sed "s|@|$TRASH|g" expect >expect.trash &&
	grep "^ExecStart=" "$units/tend-remind.service" >actual &&
	test_cmp expect.trash actual
'

if command -v systemd-analyze >/dev/null; then
	test_expect_success 'systemd reads that ExecStart as the copy of tend' '
		systemd-analyze verify "$units/tend-remind.service" >out 2>&1 &&
		test ! -s out &&
		mv "$TRASH/$bindir/tend" "$TRASH/$bindir/gone" &&
		test_must_fail systemd-analyze verify \
		    "$units/tend-remind.service" >out 2>&1 &&
		mv "$TRASH/$bindir/gone" "$TRASH/$bindir/tend" &&
		test_grep "is not executable" out
	'
else
	test_skip 'systemd reads that ExecStart as the copy of tend' \
	    'no systemd-analyze; make deps installs it'
fi

test_expect_success 'a tend whose path systemd cannot run is refused' '
	mkdir -p "$TRASH/it'"'"'s" &&
	cp "$SRC_DIR/tend" "$TRASH/it'"'"'s/tend" &&
	cp -R "$SRC_DIR/content" "$TRASH/it'"'"'s/content" &&
	cp "$units/tend-remind.service" before &&
	test_expect_code 2 "$TRASH/it'"'"'s/tend" -C journal remind \
	    --install=systemd 2>err &&
	test_grep "has a character that systemd cannot take in a program.s path" err &&
	test_cmp before "$units/tend-remind.service"
'

test_expect_success 'the units go under $XDG_CONFIG_HOME, else ~/.config' '
	rm -rf "$HOME/.config" &&
	XDG_CONFIG_HOME=$TRASH/xdg tend -C journal remind --install=systemd \
	    >out &&
	test -f "$TRASH/xdg/systemd/user/tend-remind.timer" &&
	test ! -e "$HOME/.config" &&
	(unset XDG_CONFIG_HOME && tend -C journal remind --install=systemd \
	    >out) &&
	test -f "$HOME/.config/systemd/user/tend-remind.timer"
'

test_expect_success 'without systemctl, --install prints crontab lines instead' '
	rm -rf "$HOME/.config" &&
	PATH=$SRC_DIR tend -C journal remind --install >out 2>err &&
	test_grep "^tend: add these lines to your crontab, with .crontab -e.:$" err &&
	printf "%s\n" \
	    "30 20 * * * '"'"'$SRC_DIR/tend'"'"' -C '"'"'$TRASH/journal'"'"' remind --notify" \
	    "0 19 * * 6 '"'"'$SRC_DIR/tend'"'"' -C '"'"'$TRASH/journal'"'"' remind --notify" \
	    >expect &&
	test_cmp expect out &&
	test ! -e "$HOME/.config/systemd"
'

test_expect_success 'crontab lines: quotes for the shell, % escaped for cron' '
	"$TRASH/$bindir/tend" -C "$TRASH/$jdir/journal" remind \
	    --install=cron >out 2>/dev/null &&
	cat >expect <<-\EOF &&
	30 20 * * * '"'"'@/my tend 100\% $HOME/tend'"'"' -C '"'"'@/our "journal" 100\% $HOME/journal'"'"' remind --notify
	EOF
	sed "s|@|$TRASH|g" expect >expect.trash &&
	head -n 1 out >actual &&
	test_cmp expect.trash actual
'

test_expect_success '--uninstall removes the units and the link enabling made' '
	tend -C journal remind --install=systemd >/dev/null &&
	mkdir -p "$units/timers.target.wants" &&
	ln -s "$units/tend-remind.timer" \
	    "$units/timers.target.wants/tend-remind.timer" &&
	tend -C journal remind --uninstall >out &&
	test_grep "^removed tend-remind.timer from $units$" out &&
	test ! -e "$units/tend-remind.service" &&
	test ! -e "$units/tend-remind.timer" &&
	test ! -h "$units/timers.target.wants/tend-remind.timer" &&
	tend -C journal remind --uninstall >out &&
	test_grep "^no units in $units" out
'

test_done
