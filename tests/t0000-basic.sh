#!/bin/sh
# The command shell: global options, the table, usage and exit codes.
. "$(dirname "$0")/lib.sh"

test_expect_success '--version prints the version' '
	tend --version >out &&
	grep -x "tend [0-9][0-9.]*" out
'

test_expect_success '--help and -h list every command' '
	tend --help >out &&
	tend -h >out2 &&
	test_cmp out out2 &&
	for c in init checkin show; do test_grep "^   $c " out || return 1; done
'

test_expect_success 'no command is a usage error' '
	test_expect_code 2 tend 2>err &&
	test_grep "^usage: tend" err
'

test_expect_success 'an unknown command exits 2 and suggests the closest' '
	test_expect_code 2 tend chekin 2>err &&
	test_grep "^tend: .chekin. is not a tend command" err &&
	test_grep "checkin" err &&
	test_expect_code 2 tend zzzzzzzz 2>err &&
	test_grep "is not a tend command" err &&
	test_grep "See .tend --help." err
'

test_expect_success 'a prefix of several commands lists them, and only them' '
	test_expect_code 2 tend s 2>err &&
	printf "tend: '"'"'s'"'"' is short for more than one command:\n\tsearch\n\tshow\n\tstatus\n\tsync\n" >expect &&
	test_cmp expect err &&
	test_expect_code 2 tend c 2>err &&
	test_grep "^	checkin$" err &&
	test_grep ! "log\|sync" err &&
	test_expect_code 2 tend zz 2>err &&
	test_grep ! "similar" err &&
	test_expect_code 2 tend lgo 2>err &&
	test_grep "^	log$" err
'

test_expect_success 'a bad option is named as tend names it, with the usage' '
	test_expect_code 2 tend show -x 2>err &&
	test_grep "^tend show: unknown option .-x.$" err &&
	test_grep "^usage: tend show" err &&
	test_expect_code 2 tend show --rawx 2>err &&
	test_grep "^tend show: unknown option .--rawx.$" err &&
	test_expect_code 2 tend show --raw=yes 2>err &&
	test_grep "^tend show: option .--raw. takes no value$" err &&
	test_expect_code 2 tend log --since 2>err &&
	test_grep "^tend log: option .--since. needs a value$" err &&
	test_expect_code 2 tend agree new -m 2>err &&
	test_grep "option .-m. needs a value$" err &&
	test_expect_code 2 tend --bogus status 2>err &&
	test_grep "^tend: unknown option .--bogus.$" err &&
	test_grep "^usage: tend" err &&
	test_expect_code 2 tend -C 2>err &&
	test_grep "^tend: option .-C. needs a value$" err
'

test_expect_success 'an unknown global option is a usage error' '
	test_expect_code 2 tend --frobnicate 2>err &&
	test_grep "usage: tend" err
'

test_expect_success 'every command takes -h, even outside a journal' '
	for c in init checkin show; do
		tend $c -h >out || return 1
		test_grep "^usage: tend $c" out || return 1
	done
'

test_expect_success 'a unique prefix names a command' '
	tend sh -h >out &&
	test_grep "^usage: tend show" out &&
	tend chec -h >out &&
	test_grep "^usage: tend checkin" out
'

test_expect_success 'an unknown option of a command exits 2 with its usage' '
	make_journal &&
	test_expect_code 2 tend -C journal checkin --bogus 2>err &&
	test_grep "usage: tend checkin" err
'

test_expect_success 'outside any journal: a clear error, exit 1' '
	mkdir -p nowhere &&
	(cd nowhere && test_expect_code 1 tend show x 2>../err) &&
	test_grep "^tend: no journal found (looked in the current folder, its parents and .*); run .tend init.$" err
'

test_expect_success '-C names a folder with no journal: a clear error' '
	test_expect_code 1 tend -C nowhere show x 2>err &&
	test_grep "no journal found (looked in .nowhere. and its parents)" err
'

test_expect_success 'a failed write to standard output is an error' '
	test_expect_code 1 tend --help >/dev/full 2>err &&
	test_grep "^tend: cannot write output" err &&
	test_expect_code 1 tend init -h >/dev/full 2>err &&
	test_grep "^tend: cannot write output" err
'

test_expect_success 'help opens the manual page of tend or of a command' '
	if command -v man >/dev/null; then
		MANPAGER=cat MANWIDTH=80 tend help show >out 2>&1 &&
		test_grep "TEND-SHOW(1)" out &&
		MANPAGER=cat MANWIDTH=80 tend help >out 2>&1 &&
		test_grep "TEND(1)" out &&
		MANPAGER=cat MANWIDTH=80 tend help tend.conf >out 2>&1 &&
		test_grep "TEND.CONF(5)" out &&
		MANPAGER=cat MANWIDTH=80 tend help entry >out 2>&1 &&
		test_grep "TEND-ENTRY(5)" out &&
		MANPAGER=cat MANWIDTH=80 tend help guide >out 2>&1 &&
		test_grep "TEND(7)" out &&
		MANPAGER=cat MANWIDTH=80 tend help help >out 2>&1 &&
		test_grep "TEND-HELP(1)" out &&
		MANPAGER=cat MANWIDTH=80 tend help ch >out 2>&1 &&
		test_grep "TEND-CHECKIN(1)" out
	fi &&
	test_expect_code 2 tend help nosuch 2>err &&
	test_grep "is not a tend command" err &&
	test_grep "^Topics: tend help tend.conf, entry or guide.$" err &&
	tend help --complete -- help e >out &&
	test_grep "^entry$" out &&
	test_grep "^encrypt$" out &&
	tend help --complete -- e >out &&
	test_grep ! "^entry$" out
'

test_expect_success 'help without man falls back to the usage' '
	mkdir -p onlytend &&
	ln -s "$SRC_DIR/tend" onlytend/tend &&
	PATH=$TRASH/onlytend onlytend/tend help checkin >out 2>err &&
	test_grep "^usage: tend checkin" out &&
	test_grep "cannot run man" err
'

test_expect_success '--color=always|never|auto, and NO_COLOR' '
	make_journal colours &&
	tend -C colours checkin $all_pillars >id &&
	tend --color=always -C colours show --pretty "$(cat id)" >out &&
	grep -q "$(printf "\033")" out &&
	tend --color=never -C colours show --pretty "$(cat id)" >out &&
	test_grep ! "$(printf "\033")" out &&
	echo wait >script &&
	NO_COLOR=1 "$SRC_DIR/tests/tty" script -- tend -C colours show "$(cat id)" >out &&
	test_grep ! "$(printf "\033")\[1m" out &&
	test_expect_code 2 tend --color=sometimes show x 2>err &&
	test_grep "color takes always, never or auto" err &&
	tend --color=always -C colours status >out &&
	test_grep "^$(printf "\033")\[1mToday, " out &&
	tend --color=never -C colours status >out &&
	test_grep ! "$(printf "\033")" out &&
	tend --color=always -C colours log >out &&
	test_grep "^$(printf "\033")\[2m[0-9-]*$(printf "\033")\[0m  alex " out &&
	tend -C colours log >out &&
	test_grep ! "$(printf "\033")" out
'

test_done
