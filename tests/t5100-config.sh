#!/bin/sh
# tend config: tend.conf (shared, committed) and .git/config (--local).
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_journal
'

test_expect_success 'a shared key is written to tend.conf and committed' '
	tend -C journal config checkin.minutes 20 &&
	test "$(git config --file journal/tend.conf checkin.minutes)" = 20 &&
	test "$(git -C journal log -1 --format="%an|%s")" = "Alex|config: checkin.minutes = 20" &&
	git -C journal status --porcelain >status &&
	test_cmp /dev/null status &&
	test "$(tend -C journal config checkin.minutes)" = 20
'

test_expect_success 'rituals take checked values' '
	tend -C journal config ritual.date-night.day friday &&
	tend -C journal config ritual.date-night.time 19:30 &&
	tend -C journal config ritual.date-night.repeat weekly &&
	tend -C journal config ritual.date-night.minutes 120 &&
	test "$(git config --file journal/tend.conf ritual.date-night.time)" = 19:30
'

test_expect_success 'unknown keys and bad values are refused with the rule; nothing changes' '
	head=$(git -C journal rev-parse HEAD) &&
	test_expect_code 2 tend -C journal config colour blue 2>err &&
	test_grep "is not a key of tend.conf (the keys are partner.\*.name, " err &&
	test_expect_code 2 tend -C journal config ritual.walk.time 25:00 2>err &&
	test_grep "must be a time of day, HH:MM, not .25:00." err &&
	test_expect_code 2 tend -C journal config ritual.walk.day fri 2>err &&
	test_expect_code 2 tend -C journal config checkin.minutes soon 2>err &&
	test_expect_code 2 tend -C journal config partner.sam.email sam 2>err &&
	test_expect_code 2 tend -C journal config "ritual.Bad Name.day" monday 2>err &&
	test_expect_code 2 tend -C journal config --local tend.me "Not A Slug" 2>err &&
	test_expect_code 2 tend -C journal config --local checkin.minutes 5 2>err &&
	test_grep "is a key of tend.conf, shared: use .tend config checkin.minutes." err &&
	test "$(git -C journal rev-parse HEAD)" = "$head"
'

test_expect_success 'a key only .git/config has needs no --local' '
	head=$(git -C journal rev-parse HEAD) &&
	tend -C journal config sync.auto true &&
	test "$(git -C journal config sync.auto)" = true &&
	test "$(tend -C journal config sync.auto)" = true &&
	test_expect_code 2 tend -C journal config sync.auto maybe 2>err &&
	test_grep "sync.auto .* must be true or false" err &&
	git -C journal config --unset sync.auto &&
	test_grep ! "sync" journal/tend.conf &&
	test "$(git -C journal rev-parse HEAD)" = "$head"
'

test_expect_success '--local reads and writes .git/config, never tend.conf' '
	tend -C journal config --local tend.remote backup &&
	test "$(git -C journal config --local tend.remote)" = backup &&
	test_grep ! "remote" journal/tend.conf &&
	test "$(tend -C journal config --local tend.me)" = alex &&
	test_expect_code 2 tend -C journal config --local checkin.minutes 5 2>err
'

test_expect_success '--list shows the known keys that are set' '
	tend -C journal config --list >list &&
	test_grep "^partner.alex.name=Alex$" list &&
	test_grep "^checkin.minutes=20$" list &&
	test_grep "^ritual.date-night.day=friday$" list &&
	test_grep ! "^tend.version" list &&
	tend -C journal config --local --list >local &&
	test_grep "^tend.me=alex$" local &&
	test_grep "^tend.remote=backup$" local
'

test_expect_success 'uncommitted hand edits of tend.conf are not swept into a commit' '
	head=$(git -C journal rev-parse HEAD) &&
	printf "[partner \"robin\"]\n\tname = Robin\n" >>journal/tend.conf &&
	test_expect_code 2 tend -C journal config checkin.minutes 25 2>err &&
	test_grep "tend.conf has changes that are not committed" err &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	test_grep "Robin" journal/tend.conf &&
	git -C journal checkout -q tend.conf &&
	test_expect_code 2 tend -C journal config checkin.minutes 300 2>err &&
	test_grep "from 1 to 180" err
'

test_expect_success 'an unset key is exit 1, quietly, like git config' '
	test_expect_code 1 tend -C journal config ritual.walk.time >out 2>err &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err
'

test_expect_success 'the timer reads checkin.minutes set this way' '
	tend -C journal config checkin.minutes 12.5 &&
	# Interrupted as ^C would, once the first turn has begun.
	test_expect_code 124 timeout -s INT 2 tend -C journal checkin --timer \
	    $all_pillars 2>out >/dev/null &&
	test_grep "For the next 12:30 you take turns" out &&
	test_grep "Stopped with 12:2" out
'

# tend.conf arrives from the partner: it must not make tend read files of
# this machine as settings, as git's [include] would.
test_expect_success 'a tend.conf that includes other files is refused, named' '
	make_journal included &&
	printf "[partner \"robin\"]\n\tname = Robin\n" >"$TRASH/elsewhere.conf" &&
	cp included/tend.conf conf.before &&
	printf "[include]\n\tpath = %s\n" "$TRASH/elsewhere.conf" \
	    >>included/tend.conf &&
	test_expect_code 1 tend -C included status >out 2>err &&
	test_grep "tend.conf. may not include other files (line [0-9]*: .include.); remove that section" err &&
	test_grep ! Robin out &&
	printf "[includeIf \"gitdir:/\"]\n\tpath = %s\n" \
	    "$TRASH/elsewhere.conf" >included/tend.conf &&
	test_expect_code 1 tend -C included log 2>err &&
	test_grep "may not include other files (line 1: .includeIf.)" err &&
	cp conf.before included/tend.conf &&
	tend -C included status >out &&
	test_grep ! Robin out
'

test_done
