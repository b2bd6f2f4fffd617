#!/bin/sh
# tend log: one timeline of the journal, newest first, with filters.
. "$(dirname "$0")/lib.sh"

today=$(date +%Y-%m-%d)
three_days_ago=$(date -d "3 days ago" +%Y-%m-%d)
ten_days_ago=$(date -d "10 days ago" +%Y-%m-%d)

test_expect_success 'setup: entries of every kind, over some days' '
	make_journal &&
	tend -C journal checkin $all_pillars -a "the soup" --date $ten_days_ago >/dev/null &&
	tend -C journal checkin $all_pillars --date $three_days_ago >/dev/null &&
	git -C journal config tend.me sam &&
	tend -C journal checkin $all_pillars --date $three_days_ago >/dev/null &&
	tend -C journal resent -k hurt --raise "Left out of the plan" >/dev/null &&
	git -C journal config tend.me alex &&
	tend -C journal reflect -p saying-fine -m "I say fine." >/dev/null &&
	tend -C journal reflect --share -p lessons-from-home -m "Shared one." >/dev/null &&
	tend -C journal agree new phones -t phones >/dev/null
'

test_expect_success 'log lists every entry, newest first, mine private marked' '
	tend -C journal log >log &&
	test "$(wc -l <log)" = 7 &&
	head -1 log | grep "^$today " &&
	tail -1 log | grep "^$ten_days_ago  alex  *checkin  *$ten_days_ago-alex  the soup$" &&
	test_grep "^$today  alex  *reflect private  $today-alex-saying-fine  $(sed -n "s/^# //p" "$SRC_DIR/content/prompts/reflect/saying-fine.md")$" log &&
	test_grep "^$today  sam  *resent  *$today-sam-left-out-of-the-plan  Left out of the plan$" log &&
	test_grep "^$today  -  *agree  *phones  Phones at meals and in bed$" log &&
	test_grep "^$three_days_ago  sam  *checkin  *$three_days_ago-sam  ratings 4 3 5 4 2$" log &&
	test "$(grep -c lessons-from-home log)" = 1
'

test_expect_success 'filters: --since, --until, --kind, --author, -n, --oneline' '
	tend -C journal log --since 5.days.ago >log &&
	test "$(wc -l <log)" = 6 &&
	tend -C journal log --until 4.days.ago >log &&
	test "$(wc -l <log)" = 1 &&
	tend -C journal log --since $three_days_ago --until yesterday >log &&
	test "$(wc -l <log)" = 2 &&
	tend -C journal log --kind checkin --kind resent >log &&
	test "$(wc -l <log)" = 4 &&
	tend -C journal log --author Sam >log &&
	test "$(wc -l <log)" = 2 &&
	tend -C journal log --author alex --kind checkin >log &&
	test "$(wc -l <log)" = 2 &&
	tend -C journal log -n 2 >log &&
	test "$(wc -l <log)" = 2 &&
	tend -C journal log --oneline --kind agree >log &&
	echo "phones Phones at meals and in bed" >expect &&
	test_cmp expect log
'

test_expect_success 'bad filters are usage errors' '
	test_expect_code 2 tend -C journal log --since someday 2>err &&
	test_grep "is not a date (use YYYY-MM-DD, an RFC 3339 time, today, yesterday, N.days.ago, N.weeks.ago or last WEEKDAY)" err &&
	test_expect_code 2 tend -C journal log --since "last someday" 2>err &&
	test_grep "is not a date" err &&
	test_expect_code 2 tend -C journal log --since 1.fortnight.ago 2>err &&
	test_grep "is not a date" err &&
	test_expect_code 2 tend -C journal log --kind diary 2>err &&
	test_grep "unknown kind .diary." err &&
	test_expect_code 2 tend -C journal log -n 0 2>err &&
	test_expect_code 2 tend -C journal log extra 2>err
'

test_expect_success 'on a terminal the timeline goes through the pager; piped, it does not' '
	echo wait >script &&
	NO_COLOR=1 TEND_PAGER="sed s/^/paged:/" PAGER=false "$SRC_DIR/tests/tty" \
	    script -- tend -C journal log --kind agree >transcript &&
	test_grep "^paged:$today  -  *agree  *phones" transcript &&
	TEND_PAGER="sed s/^/paged:/" "$SRC_DIR/tests/tty" script -- \
	    tend -C journal log --kind agree >transcript &&
	test_grep "^paged:$(printf "\033")\[2m$today$(printf "\033")\[0m  -  *agree  *phones" transcript &&
	PAGER="sed s/^/paged:/" "$SRC_DIR/tests/tty" script -- \
	    tend -C journal agree diff phones >transcript &&
	test_grep "^paged:" transcript &&
	PAGER=cat "$SRC_DIR/tests/tty" script -- \
	    tend -C journal log --kind agree >transcript &&
	test_grep ! "paged:" transcript &&
	TEND_PAGER="sed s/^/paged:/" tend -C journal log --kind agree >log &&
	test_grep ! "paged:" log
'

test_expect_success 'quitting the pager early is no error' '
	echo wait >script &&
	TEND_PAGER="head -1" "$SRC_DIR/tests/tty" script -- \
	    tend -C journal log >transcript &&
	test_grep ! "cannot write output" transcript
'

# Folders and files are named for their days: a query of recent days must
# not even read an old month, which a broken file there proves.
test_expect_success '--since and --until read only the days they name' '
	mkdir -p journal/checkin/2001/01 journal/resent &&
	printf -- "---\nkind: [checkin\n" >journal/checkin/2001/01/2001-01-05-alex.md &&
	printf -- "---\nkind: [resent\n" >journal/resent/2001-01-06-sam-old.md &&
	git -C journal add checkin resent &&
	git -C journal -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -m "Old and broken" &&
	tend -C journal log >log 2>err &&
	test_grep "2001-01-05-alex.md" err &&
	test_grep "2001-01-06-sam-old.md" err &&
	tend -C journal log --since 2001-02-01 >log 2>err &&
	! test -s err &&
	test "$(wc -l <log)" = 7 &&
	tend -C journal log --until 2001-01-05 >log 2>err &&
	test_grep "2001-01-05-alex.md" err &&
	test_grep ! "2001-01-06-sam-old.md" err &&
	git -C journal rm -q -r checkin/2001 resent/2001-01-06-sam-old.md &&
	git -C journal -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -m "Remove them"
'

# -n N reads from the day the names of the N newest entries give, and
# further back when the filters drop rows: the broken old file tells.
test_expect_success '-n reads only the newest days it needs' '
	mkdir -p journal/checkin/2001/01 &&
	printf -- "---\nkind: [checkin\n" >journal/checkin/2001/01/2001-01-05-alex.md &&
	git -C journal add checkin &&
	git -C journal -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -m "Old and broken" &&
	tend -C journal log >all 2>err &&
	test "$(grep -c 2001-01-05-alex.md err)" = 1 &&
	tend -C journal log -n 2 >log 2>err &&
	! test -s err &&
	head -2 all >expect &&
	test_cmp expect log &&
	tend -C journal log --author alex >expect 2>/dev/null &&
	head -3 expect >expect3 &&
	tend -C journal log --author alex -n 3 >log 2>err &&
	test_cmp expect3 log &&
	tend -C journal log --author sam -n 2 >log 2>err &&
	grep "  sam  " all | head -2 >expect &&
	test_cmp expect log &&
	tend -C journal log --author alex -n 6 >log 2>err &&
	test "$(wc -l <log)" = 4 &&
	test "$(grep -c 2001-01-05-alex.md err)" = 1 &&
	tend -C journal log -n 100 >log 2>err &&
	test_cmp all log &&
	test "$(grep -c 2001-01-05-alex.md err)" = 1 &&
	git -C journal rm -q -r checkin/2001 &&
	git -C journal -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -m "Remove it"
'

# The whole timeline of an unsealed journal keeps its rows by blob id in
# .git/tend/log: a damaged cache reads as none, and a partial log leaves
# the rows it did not meet in place.
test_expect_success 'the whole timeline is kept in a cache' '
	rm -f journal/.git/tend/log &&
	tend -C journal log >expect &&
	test -s journal/.git/tend/log &&
	tend -C journal log >log &&
	test_cmp expect log &&
	cp journal/.git/tend/log whole &&
	tend -C journal log -n 2 >/dev/null &&
	tend -C journal log --kind agree >/dev/null &&
	tend -C journal log --since yesterday >/dev/null &&
	test_cmp whole journal/.git/tend/log &&
	head -c 100 whole >journal/.git/tend/log &&
	tend -C journal log >log &&
	test_cmp expect log &&
	printf "garbage\n" >journal/.git/tend/log &&
	tend -C journal log >log &&
	test_cmp expect log &&
	test_cmp whole journal/.git/tend/log
'

test_expect_success 'the partner sees no private entry of mine' '
	git init -q --bare remote.git &&
	git -C journal push -q "file://$TRASH/remote.git" HEAD &&
	tend clone --me Sam "file://$TRASH/remote.git" sam >/dev/null &&
	tend -C sam log >log &&
	test_grep ! "private" log &&
	test_grep ! "saying-fine" log &&
	test_grep "lessons-from-home" log
'

test_expect_success 'a check-in and log read every date form as the same day' '
	for form in today yesterday 1.day.ago 2.days.ago 1.week.ago \
	    3.weeks.ago "last monday" "last wednesday" "last sunday"; do
		want=$(date -d "$(echo "$form" | tr . " ")" +%Y-%m-%d) &&
		tend -C journal checkin $all_pillars -m "Said as $form." \
		    --date "$form" >id &&
		echo "$want-alex" >expect &&
		test_cmp expect id &&
		tend -C journal log --kind checkin --author alex --since "$form" \
		    --until "$form" >log &&
		test "$(wc -l <log)" = 1 &&
		test_grep "^$want  alex" log || return 1
	done &&
	test_expect_code 2 tend -C journal checkin $all_pillars \
	    --date 99999.days.ago 2>err &&
	test_grep "is not a date" err
'

test_done
