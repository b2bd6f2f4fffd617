#!/bin/sh
# A signature is a commit trailer anyone who can push can write: it counts
# only when the commit is signed by a key Alex's machine trusts as the
# signer's.  Sam uses plain git alone (git commit -S with an SSH key,
# git hash-object for a damaged signature) against a bare remote; Alex
# uses tend, and git log --show-signature checks what tend says.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"

test_expect_success 'setup: an agreement Alex made, a bare remote, Sam on plain git' '
	partner_setup \
	    "tend -C alex agree new pact -m \"- We say goodnight, always.\"" &&
	git -C alex rev-parse HEAD:agree/pact.md >blob &&
	ssh-keygen -q -t ed25519 -N "" -C sam@laptop -f sam-key &&
	git -C sam config gpg.format ssh &&
	git -C sam config user.signingKey "$TRASH/sam-key"
'

# Sam commits an empty signature with plain git, as AUTHOR <EMAIL>, naming
# SIGNER; a fourth argument, -S, signs the commit with Sam's key.
sam_signs() {
	git -C sam pull -q --no-rebase &&
	git -C sam -c user.name="$1" -c user.email="$2" commit -q --allow-empty \
	    ${4:-} -m "agree: sign pact" -m "Agreed-to: agree/pact.md $(cat blob)
Agreed-by: $3" &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed
}

test_expect_success 'Sam writing "Agreed-by: alex" does not sign for Alex' '
	sam_signs Sam sam@example.org alex &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *draft  *alex (unverified), sam " list &&
	tend -C alex agree log pact >log &&
	test_grep " Alex  *signed (not signed with a key; it does not count): " log &&
	tend -C alex agree sign pact >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *draft  *sam " list
'

test_expect_success 'a trailer Sam commits as Sam, unsigned, does not count' '
	sam_signs Sam sam@example.org sam &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *draft  *sam (unverified) " list
'

test_expect_success 'a key published in a commit it did not sign is refused' '
	git -C sam pull -q --no-rebase &&
	git -C sam config --file tend.conf --add partner.sam.key \
	    "$(cat sam-key.pub)" &&
	git -C sam commit -q --no-gpg-sign -am "keys: sam" &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed &&
	partner_refused "it publishes a device key of sam that did not sign the commit" &&
	sam_undoes
'

test_expect_success 'Sam publishes a key in a commit it signs: trusted on first use' '
	git -C sam pull -q --no-rebase &&
	git -C sam config --file tend.conf --add partner.sam.key \
	    "$(cat sam-key.pub)" &&
	git -C sam commit -q -S -am "keys: sam" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >out &&
	fingerprint=$(ssh-keygen -lf sam-key.pub | cut -d" " -f2) &&
	test_grep "^trusting sam.s device key $fingerprint, the first they published" out &&
	tend -C alex key >keys &&
	test_grep "^sam  *trusted  *$fingerprint$" keys &&
	test_grep "^sam namespaces=\"git\" ssh-ed25519 " alex/.git/tend/allowed_signers
'

test_expect_success 'Sam signing with that key counts, and the agreement is in force' '
	sam_signs Sam sam@example.org sam -S &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *in force  *-  " list &&
	tend -C alex agree log pact >log &&
	test "$(grep -c " signed: " log)" = 2 &&
	test_grep " Sam  *signed: " log &&
	test_grep " Alex  *signed: " log &&
	git -C alex log --show-signature -1 $(cat pushed) >shown 2>&1 &&
	test_grep "^Good \"git\" signature for sam with ED25519 key" shown
'

test_expect_success 'Sam signing for Alex with Sam'"'"'s own key does not count' '
	tend -C alex agree edit pact -m "- We say goodnight, always, and mean it." \
	    >/dev/null &&
	tend -C alex sync >/dev/null &&
	git -C alex rev-parse HEAD:agree/pact.md >blob &&
	sam_signs Sam sam@example.org alex -S &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *amended  *alex (unverified), sam " list &&
	tend -C alex agree log pact >log &&
	test_grep " Alex  *signed (by a key not trusted as theirs; it does not count): " log &&
	git -C alex log --show-signature -1 $(cat pushed) >shown 2>&1 &&
	test_grep "^Good \"git\" signature for sam" shown
'

test_expect_success 'a signature whose commit was changed after signing is shown as such' '
	git -C sam pull -q --no-rebase &&
	git -C sam commit -q --allow-empty -S -m "agree: sign pact" \
	    -m "Agreed-to: agree/pact.md $(cat blob)
Agreed-by: sam" &&
	git -C sam cat-file commit HEAD >signed &&
	sed "s/^agree: sign pact$/agree: sign the pact/" signed >changed &&
	forged=$(git -C sam hash-object -t commit -w --stdin <changed) &&
	git -C sam reset -q --hard "$forged" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *amended  *alex (unverified), sam (unverified) " list &&
	tend -C alex agree log pact >log &&
	test_grep " Sam  *signed (a signature that does not verify; it does not count): " log &&
	test_must_fail git -C alex verify-commit "$forged" 2>verify &&
	test_grep "Could not verify signature" verify
'

test_expect_success 'the history cache answers as a fresh read does' '
	tend -C alex agree list >cached &&
	rm alex/.git/tend/agreements &&
	tend -C alex agree list >fresh &&
	test_cmp cached fresh
'

test_done
