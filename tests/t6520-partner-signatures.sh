#!/bin/sh
# A signature is a commit trailer anyone who can push can write: it counts
# only when the commit's author is the partner it names.  Sam uses plain
# git alone (git commit --allow-empty, git commit-tree) against a bare
# remote; Alex uses tend.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"

test_expect_success 'setup: an agreement Alex made, a bare remote, Sam on plain git' '
	partner_setup \
	    "tend -C alex agree new pact -m \"- We say goodnight, always.\"" &&
	git -C alex rev-parse HEAD:agree/pact.md >blob
'

# Sam commits an empty signature with plain git, as AUTHOR, naming SIGNER.
sam_signs() {
	git -C sam pull -q --no-rebase &&
	git -C sam -c user.name="$1" -c user.email="$2" commit -q --allow-empty \
	    -m "agree: sign pact" -m "Agreed-to: agree/pact.md $(cat blob)
Agreed-by: $3" &&
	git -C sam push -q origin HEAD
}

test_expect_success 'Sam writing "Agreed-by: alex" does not sign for Alex' '
	sam_signs Sam sam@example.org alex &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *draft  *alex, sam " list &&
	tend -C alex agree log pact >log &&
	test_grep ! "signed" log &&
	tend -C alex agree sign pact >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *draft  *sam " list
'

test_expect_success 'nor does a commit that claims Alex as author with another address' '
	sam_signs Alex alex@elsewhere.example sam &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *draft  *sam " list
'

test_expect_success 'Sam signing as Sam counts, and the agreement is in force' '
	sam_signs Sam sam@example.org sam &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *in force  *-  " list &&
	tend -C alex agree log pact >log &&
	test "$(grep -c " signed: " log)" = 2 &&
	test_grep " Sam  *signed: " log &&
	test_grep " Alex  *signed: " log
'

test_expect_success 'the history cache answers as a fresh read does' '
	tend -C alex agree list >cached &&
	rm alex/.git/tend/agreements &&
	tend -C alex agree list >fresh &&
	test_cmp cached fresh
'

test_done
