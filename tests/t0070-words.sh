#!/bin/sh
# The word list of invitation codes and key fingerprints,
# content/words/en.txt: every rule tests/words-check.sh knows, and the
# checker itself catching each kind of mistake.
. "$(dirname "$0")/lib.sh"

check="$SRC_DIR/tests/words-check.sh"
list="$SRC_DIR/content/words/en.txt"
dict=/usr/share/dict/american-english

test_expect_success 'the list holds exactly 2048 words' '
	sh "$check" count "$list"
'

test_expect_success 'the list is sorted, one distinct word a line' '
	sh "$check" sorted "$list" &&
	sh "$check" distinct "$list"
'

test_expect_success 'every word is 3 to 8 lowercase letters a to z' '
	sh "$check" letters "$list" &&
	sh "$check" lengths "$list"
'

test_expect_success 'four letters name a word; three-letter words begin no other' '
	sh "$check" prefixes "$list"
'

if [ -r "$dict" ]; then
	test_expect_success 'every word is in the system dictionary' '
		sh "$check" dictionary "$list" "$dict"
	'
else
	test_skip 'every word is in the system dictionary' \
	    "no $dict: apt-get install wamerican"
fi

test_expect_success 'no word is on the deny list' '
	sh "$check" denied "$list"
'

test_expect_success 'no two words sound alike' '
	sh "$check" homophones "$list"
'

test_expect_success 'the checker catches each kind of mistake' '
	printf "%s\n" apple banana cherry >good &&
	for rule in sorted letters lengths distinct prefixes denied \
	    homophones; do
		sh "$check" $rule good || return 1
	done &&
	test_must_fail sh "$check" count good 2>err &&
	test_grep "3 lines, not 2048" err &&
	printf "%s\n" banana apple >bad &&
	test_must_fail sh "$check" sorted bad 2>err &&
	printf "%s\n" apple Berry >bad &&
	test_must_fail sh "$check" letters bad 2>err &&
	test_grep "not lowercase a-z only: Berry" err &&
	printf "%s\n" ox >bad &&
	test_must_fail sh "$check" lengths bad 2>err &&
	printf "%s\n" pineapple >bad &&
	test_must_fail sh "$check" lengths bad 2>err &&
	printf "%s\n" apple apple >bad &&
	test_must_fail sh "$check" distinct bad 2>err &&
	printf "%s\n" apple apply >bad &&
	test_must_fail sh "$check" prefixes bad 2>err &&
	test_grep "apple and apply begin alike" err &&
	printf "%s\n" cat catch >bad &&
	test_must_fail sh "$check" prefixes bad 2>err &&
	test_grep "cat begins catch" err &&
	printf "%s\n" apple divorce >bad &&
	test_must_fail sh "$check" denied bad 2>err &&
	test_grep "must not appear: divorce" err &&
	printf "%s\n" knight night >bad &&
	test_must_fail sh "$check" homophones bad 2>err &&
	test_grep "knight and night sound alike" err &&
	printf "%s\n" apple xqzzy >bad &&
	printf "%s\n" apple >dict &&
	test_must_fail sh "$check" dictionary bad dict 2>err &&
	test_grep "not in the dictionary: xqzzy" err
'

test_done
