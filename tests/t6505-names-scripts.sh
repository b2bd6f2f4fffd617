#!/bin/sh
# Names in any script: Zoë and 李明 make a journal, join it, check in,
# agree and sync through a file:// remote under ids made from their names
# (zoe, 李明); --id chooses one; a partner's push of a path with a
# zero-width or bidirectional character in its name is refused.
. "$(dirname "$0")/lib.sh"

ZOE=$(printf 'Zo\303\253')
LIMING=$(printf '\346\235\216\346\230\216')
LI=$(printf '\346\235\216')
PHONES=$(printf '\346\211\213\346\234\272-\346\231\232\351\245\255')
UNICODE=$(printf '\303\234n\303\257c\303\266d\303\251 title')
ROBIN=$(printf '\320\240\320\276\320\261\320\270\320\275')
ROBIN_ID=$(printf '\321\200\320\276\320\261\320\270\320\275')
RLO=$(printf '\342\200\256')
ZWSP=$(printf '\342\200\213')
url="file://$TRASH/srv/journal.git"
export ZOE LIMING LI PHONES UNICODE ROBIN ROBIN_ID RLO ZWSP url

# 李明 pushes with the git CLI alone, from the clone "li-git".
li_pushes() {
	git -C li-git add -A &&
	git -C li-git commit -q -m "$1" &&
	git -C li-git push -q origin HEAD &&
	git -C li-git rev-parse HEAD >pushed
}

# 李明 takes the last commit back, with force, as a refusal asks.
li_undoes() {
	git -C li-git reset -q --hard HEAD~1 &&
	git -C li-git push -q -f origin HEAD
}

test_expect_success 'init: Zoë is zoe, 李明 is 李明' '
	mkdir srv &&
	git init -q --bare srv/journal.git &&
	tend init --me "$ZOE <zoe@example.org>" \
	    --partner "$LIMING <li@example.org>" zoe >out &&
	test_grep "for $ZOE and $LIMING; you are .zoe.$" out &&
	test "$(git -C zoe config tend.me)" = zoe &&
	test "$(git -C zoe config -f tend.conf partner.zoe.name)" = "$ZOE" &&
	test "$(git -C zoe config -f tend.conf "partner.$LIMING.name")" = \
	    "$LIMING" &&
	git -C zoe remote add origin "$url" &&
	tend -C zoe sync >out &&
	test_grep "^shared yours$" out
'

test_expect_success 'clone: 李明 joins under their own id' '
	tend clone --me "$LIMING <li@example.org>" "$url" li >out &&
	test_grep "; you are .$LIMING.$" out &&
	test "$(git -C li config tend.me)" = "$LIMING"
'

test_expect_success 'both check in; the ids and paths hold their names' '
	tend -C zoe checkin $all_pillars --date 2026-11-20 -m "from Zoë" \
	    >id &&
	test "$(cat id)" = 2026-11-20-zoe &&
	tend -C li checkin $all_pillars --date 2026-11-20 -m "from Li" >id &&
	test "$(cat id)" = "2026-11-20-$LIMING" &&
	test -f "li/checkin/2026/11/2026-11-20-$LIMING.md" &&
	tend -C li sync >/dev/null &&
	tend -C zoe sync >/dev/null &&
	tend -C li sync >/dev/null &&
	test -f "zoe/checkin/2026/11/2026-11-20-$LIMING.md" &&
	test -f li/checkin/2026/11/2026-11-20-zoe.md
'

test_expect_success 'show, log and status find 李明 by id, prefix and name' '
	tend -C zoe show "2026-11-20-$LI" >out &&
	test_grep "from Li" out &&
	tend -C zoe log --oneline --author "$LIMING" >out &&
	test_grep "^2026-11-20-$LIMING from Li$" out &&
	test "$(wc -l <out)" = 1 &&
	tend -C zoe status >out &&
	test_grep "^  $LIMING " out &&
	test_grep "^  $ZOE " out
'

test_expect_success 'an agreement named in Chinese: made, signed by both, in force' '
	tend -C li agree new "$PHONES" -m "- No phones at dinner." >out &&
	test "$(cat out)" = "$PHONES" &&
	tend -C li agree sign "$PHONES" >/dev/null &&
	tend -C li sync >/dev/null &&
	tend -C zoe sync >/dev/null &&
	tend -C zoe agree sign "$PHONES" >/dev/null &&
	tend -C zoe sync >/dev/null &&
	tend -C li sync >/dev/null &&
	tend -C li agree list >out &&
	test_grep "^$PHONES  *in force " out &&
	tend -C li agree show "$PHONES" >out &&
	test_grep "No phones at dinner" out
'

test_expect_success 'a title in any script gives a slug of its letters' '
	tend -C zoe resent -k hurt --raise -m "Words." "$UNICODE" >id &&
	case $(cat id) in
	*-zoe-unicode-title) ;;
	*) false ;;
	esac &&
	tend -C li resent -k need --raise -m "Words." "$ROBIN $LI" >id &&
	case $(cat id) in
	*-"$LIMING-$ROBIN_ID-$LI") ;;
	*) false ;;
	esac &&
	tend -C li sync >/dev/null &&
	tend -C zoe sync >/dev/null &&
	tend -C zoe resent list >out &&
	test_grep "$UNICODE" out
'

test_expect_success '--id chooses the id; the name stays as it is typed' '
	tend clone --me "$ROBIN <robin@example.org>" --id robin "$url" \
	    robin >out &&
	test_grep "; you are .robin.$" out &&
	test "$(git -C robin config -f tend.conf partner.robin.name)" = \
	    "$ROBIN" &&
	tend init --me "$LIMING <li@example.org>" --id li mine >out &&
	test_grep "you are .li.$" out &&
	test "$(git -C mine config tend.me)" = li
'

test_expect_success 'joining by a name tend.conf has, under another id' '
	tend -C zoe config partner.sn.name "Sam $(printf "\303\221")" \
	    >/dev/null &&
	tend -C zoe config partner.sn.email sam@example.org >/dev/null &&
	tend -C zoe sync >/dev/null &&
	tend clone --me "Sam $(printf "\303\221") <sam@example.org>" "$url" \
	    sam >out &&
	test_grep "; you are .sn.$" out &&
	test_grep ! "sam-n" sam/tend.conf
'

test_expect_success 'an --id that is not an id is a usage error, nothing made' '
	for id in "Robin" "ro bin" "-robin" "ro--bin" "$ZOE" \
	    "ro${ZWSP}bin" "ro${RLO}bin" ""; do
		test_expect_code 2 tend clone --me "Robin <r@example.org>" \
		    --id "$id" "$url" bad 2>err &&
		test_grep "^tend clone: --id: .* is not an id" err &&
		test ! -e bad &&
		test_expect_code 2 tend init --me "Robin <r@example.org>" \
		    --id "$id" bad 2>err &&
		test_grep "^tend init: --id: .* is not an id" err &&
		test ! -e bad || return 1
	done
'

test_expect_success 'a name with no letter or digit asks for --id' '
	test_expect_code 2 tend init --me "!!! <a@example.org>" bad 2>err &&
	test_grep "has no letter or digit" err &&
	tend init --me "!!! <a@example.org>" --id bang bang >out &&
	test_grep "you are .bang.$" out
'

test_expect_success 'setup: 李明 has a clone for the git CLI' '
	tend -C li sync >/dev/null &&
	git clone -q "$url" li-git &&
	git -C li-git config user.name "$LIMING" &&
	git -C li-git config user.email li@example.org
'

test_expect_success 'a path with a bidirectional override is refused' '
	mkdir -p li-git/resent &&
	printf -- "---\nkind: resent\nauthor: $LIMING\n---\n" \
	    >"li-git/resent/2026-11-21-$LIMING-abc${RLO}dm.md" &&
	li_pushes "a name read backwards" &&
	head=$(git -C zoe rev-parse HEAD) &&
	test_expect_code 1 tend -C zoe sync 2>err &&
	test_grep "refusing to take in .resent/2026-11-21-$LIMING-abc.*dm.md. from .origin. (commit $(cut -c1-7 pushed) by $LIMING)" err &&
	test_grep ! "$RLO" err &&
	test "$(git -C zoe rev-parse HEAD)" = "$head" &&
	li_undoes
'

test_expect_success 'a path with a zero-width space is refused' '
	mkdir -p li-git/checkin/2026/11 &&
	cp li-git/checkin/2026/11/2026-11-20-zoe.md \
	    "li-git/checkin/2026/11/2026-11-22-zo${ZWSP}e.md" &&
	li_pushes "a name that looks like another" &&
	head=$(git -C zoe rev-parse HEAD) &&
	test_expect_code 1 tend -C zoe sync 2>err &&
	test_grep "shows nothing of itself" err &&
	test "$(git -C zoe rev-parse HEAD)" = "$head" &&
	li_undoes
'

test_expect_success 'a file name that starts with a combining mark is refused' '
	mkdir -p li-git/agree &&
	printf -- "---\nkind: agree\ntitle: x\n---\n\n- x\n" \
	    >"li-git/agree/$(printf "\314\201")x.md" &&
	li_pushes "a name on a mark" &&
	test_expect_code 1 tend -C zoe sync 2>err &&
	test_grep "starts with a combining mark" err &&
	li_undoes
'

test_expect_success 'a partner id in any script is taken in; a capital is not' '
	git -C li-git pull -q --ff-only &&
	git -C li-git config -f tend.conf \
	    "partner.$(printf "\316\261\316\275\316\275\316\261").name" Anna &&
	li_pushes "Anna joins" &&
	tend -C zoe sync >/dev/null &&
	tend -C zoe status >out &&
	test_grep "^  Anna " out &&
	git -C li-git config -f tend.conf \
	    "partner.$(printf "\316\221\316\275\316\275\316\261").name" Anna &&
	li_pushes "a capital in an id" &&
	test_expect_code 1 tend -C zoe sync 2>err &&
	test_grep "refusing to take in .tend.conf. from .origin." err &&
	test_grep "partner id" err &&
	li_undoes
'

test_expect_success 'an encrypted journal seals the slug; the id reads back' '
	tend init --encrypt --me "$LIMING <li@example.org>" \
	    --partner "$ZOE <zoe@example.org>" sealed >/dev/null &&
	tend -C sealed resent -k hurt --raise -m "Words." "$UNICODE" >id &&
	case $(cat id) in
	*-"$LIMING"-unicode-title) ;;
	*) false ;;
	esac &&
	tend -C sealed agree new "$PHONES" -m "- No phones." >/dev/null &&
	git -C sealed ls-tree -r --name-only HEAD >paths &&
	test_grep ! "unicode" paths &&
	test_grep ! "$PHONES" paths &&
	tend -C sealed show "$(cat id)" >out &&
	test_grep "Words." out &&
	tend -C sealed agree list >out &&
	test_grep "^$PHONES  *draft " out
'

test_expect_success 'tend encrypt keeps a chosen id' '
	tend -C mine encrypt mine-sealed >/dev/null &&
	test "$(git -C mine-sealed config tend.me)" = li &&
	test "$(git -C mine-sealed config -f tend.conf partner.li.name)" = \
	    "$LIMING"
'

test_done
