#!/bin/sh
# Device keys are published in tend.conf by their owners, in commits the
# keys sign, and trusted by each machine on its own terms: a partner's
# first key on first use, any other once confirmed.  Sam, or someone who
# can push and pretends to be Alex, uses plain git alone against a bare
# remote; Alex uses tend.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"

# Publish the key in file $2 as partner $1's in Sam's clone, in a commit
# authored as $3 and signed with that key; pushed, its id in "pushed".
publish_key() {
	git -C sam pull -q --no-rebase &&
	git -C sam config --file tend.conf --add "partner.$1.key" \
	    "$(cat "$2.pub")" &&
	git -C sam -c user.signingKey="$TRASH/$2" -c user.name="${3%% <*}" \
	    -c user.email="$(echo "$3" | sed "s/.*<\(.*\)>/\1/")" \
	    commit -q -S -am "keys: $1" &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed
}

test_expect_success 'setup: Alex on tend, Sam on plain git with an SSH key' '
	partner_setup &&
	git -C sam config gpg.format ssh &&
	ssh-keygen -q -t ed25519 -N "" -C sam@laptop -f sam-key &&
	ssh-keygen -q -t ed25519 -N "" -C mallory -f other-key &&
	ssh-keygen -q -t ed25519 -N "" -C sam@desk -f sam-desk &&
	tend -C alex key >keys &&
	test_grep "^alex  *this device  *SHA256:" keys &&
	test "$(wc -l <keys)" = 3 &&
	test "$(sed -n 3p keys | wc -w)" = 8 &&
	for word in $(sed -n 3p keys); do
		grep -qx "$word" "$SRC_DIR/content/words/en.txt" || return 1
	done
'

test_expect_success 'init published Alex'"'"'s key in a commit it signed, as git sees' '
	key=$(git -C alex config --file tend.conf partner.alex.key) &&
	test_grep "^alex namespaces=\"git\" $key$" alex/.git/tend/allowed_signers &&
	git -C alex verify-commit HEAD 2>out &&
	test_grep "Good \"git\" signature for alex" out &&
	test "$(git -C alex config gpg.format)" = ssh &&
	test "$(git -C alex config commit.gpgSign)" = true &&
	test "$(file_mode alex/.git/tend/key-alex)" = 600
'

test_expect_success 'Sam may not change Alex'"'"'s key, even signing with the new one' '
	git -C sam pull -q --no-rebase &&
	git -C sam config --file tend.conf partner.alex.key \
	    "$(cat other-key.pub)" &&
	git -C sam -c user.signingKey="$TRASH/other-key" commit -q -S -am x &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed &&
	partner_refused "it changes the name, address or keys of partner .alex., which only alex may do" &&
	sam_undoes
'

test_expect_success 'nor add a key for Alex' '
	publish_key alex other-key "Sam <sam@example.org>" &&
	partner_refused "it changes the name, address or keys of partner .alex." &&
	sam_undoes
'

test_expect_success 'a key published in a commit another key signed is refused' '
	git -C sam pull -q --no-rebase &&
	git -C sam config --file tend.conf --add partner.sam.key \
	    "$(cat sam-key.pub)" &&
	git -C sam -c user.signingKey="$TRASH/other-key" commit -q -S -am x &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed &&
	partner_refused "it publishes a device key of sam that did not sign the commit" &&
	sam_undoes
'

test_expect_success 'a key that is no Ed25519 key is refused, naming the partner' '
	git -C sam pull -q --no-rebase &&
	git -C sam config --file tend.conf --add partner.sam.key "ssh-rsa AAAAB3NzaC1yc2E=" &&
	git -C sam commit -q --no-gpg-sign -am x &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed &&
	head=$(git -C alex rev-parse HEAD) &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "refusing to take in .tend.conf. from .origin.: .tend.conf.: a key of partner .sam.: not an Ed25519 key" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	git -C alex fsck --strict 2>&1 &&
	sam_undoes
'

test_expect_success 'Sam'"'"'s first key is trusted on first use, fingerprint shown' '
	publish_key sam sam-key "Sam <sam@example.org>" &&
	tend -C alex sync >out &&
	fingerprint=$(ssh-keygen -lf sam-key.pub | cut -d" " -f2) &&
	test_grep "^trusting sam.s device key $fingerprint, the first they published" out &&
	tend -C alex key >keys &&
	test_grep "^sam  *trusted  *$fingerprint$" keys &&
	tend -C alex sync >again &&
	test_grep ! "device key" again
'

test_expect_success 'a second key of Sam'"'"'s waits to be confirmed, and each sync says so' '
	publish_key sam sam-desk "Sam <sam@example.org>" &&
	tend -C alex sync >out &&
	desk=$(ssh-keygen -lf sam-desk.pub | cut -d" " -f2) &&
	test_grep "^sam published a new device key $desk, not trusted yet" out &&
	tend -C alex key >keys &&
	test_grep "^sam  *unconfirmed  *$desk$" keys &&
	tend -C alex sync >again &&
	test_grep "^sam published a new device key $desk" again &&
	tend -C alex status >status &&
	test_grep "^  new, to compare and confirm: sam $desk$" status &&
	test_expect_code 3 tend -C alex status --quiet &&
	test_expect_code 1 tend -C alex key confirm sam SHA256:nothing 2>err &&
	test_grep "sam has no key waiting to be confirmed with the fingerprint" err &&
	tend -C alex key confirm sam "${desk#SHA256:}" >out &&
	test_grep "^trusting sam.s key $desk$" out &&
	tend -C alex sync >again &&
	test_grep ! "device key" again
'

test_expect_success 'someone who writes Alex'"'"'s name publishes a key Alex never trusts' '
	publish_key alex other-key "Alex <alex@example.org>" &&
	tend -C alex sync >out &&
	other=$(ssh-keygen -lf other-key.pub | cut -d" " -f2) &&
	test_grep "^alex published a new device key $other, not trusted yet" out &&
	tend -C alex agree new pact -m "- We say goodnight." >/dev/null &&
	tend -C alex sync >/dev/null &&
	git -C sam pull -q --no-rebase &&
	git -C sam -c user.signingKey="$TRASH/other-key" \
	    -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -S --allow-empty -m "agree: alex signs pact" \
	    -m "Agreed-to: agree/pact.md $(git -C sam rev-parse HEAD:agree/pact.md)
Agreed-by: alex" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree list >list &&
	test_grep "^pact  *draft  *alex (unverified), sam " list &&
	tend -C alex status --json >status &&
	test_grep "\"unverified\": \[\"pact\"\]" status &&
	tend -C alex doctor --offline >doctor &&
	test_grep "^warning signatures  *agree/pact.md: a signature of the current text does not count: alex (unverified), sam" doctor &&
	test_grep "^warning keys  *tend.conf: alex published the device key $other, not trusted here" doctor
'

test_expect_success 'doctor names git settings taken out, and --fix sets them again' '
	git -C alex config --unset gpg.format &&
	git -C alex config --unset commit.gpgSign &&
	tend -C alex doctor --offline >doctor &&
	test_grep "^warning keys  *.git/config: plain git does not sign or verify commits as tend does: 2 of its settings are not set" doctor &&
	tend -C alex doctor --offline --fix >fixed;
	test_grep "^fixed   keys  *.git/config: git signs and verifies commits as tend does again" fixed &&
	test "$(git -C alex config gpg.format)" = ssh &&
	test "$(git -C alex config commit.gpgSign)" = true
'

test_expect_success 'with sign.entries, Alex'"'"'s name and address are not enough' '
	tend -C alex checkin $all_pillars --date 2026-11-20 >/dev/null &&
	tend -C alex config sign.entries true >/dev/null &&
	tend -C alex sync >/dev/null &&
	git -C sam pull -q --no-rebase &&
	f=checkin/2026/11/2026-11-20-alex.md &&
	echo "Sam was here." >>sam/$f &&
	git -C sam -c user.name=Alex -c user.email=alex@example.org \
	    commit -q --no-gpg-sign -am "checkin: alex 2026-11-20" &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed &&
	head=$(git -C alex rev-parse HEAD) &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "refusing to take in .$f. from .origin. (commit $(cut -c1-7 pushed) by Alex): it changes alex.s entry, and only they may, signing with their key (sign.entries); undo that there with git" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	git -C alex fsck --strict 2>&1 &&
	git -C sam -c user.signingKey="$TRASH/other-key" -c user.name=Alex \
	    -c user.email=alex@example.org commit -q -S --amend --no-edit \
	    --reset-author &&
	git -C sam push -q -f origin HEAD &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "it changes alex.s entry, and only they may, signing with their key" err &&
	sam_undoes
'

test_expect_success 'and the rule is the one Alex has, whatever the push says' '
	git -C sam pull -q --no-rebase &&
	git -C sam config --file tend.conf sign.entries false &&
	f=checkin/2026/11/2026-11-20-alex.md &&
	echo "Sam was here." >>sam/$f &&
	git -C sam -c user.name=Alex -c user.email=alex@example.org \
	    commit -q --no-gpg-sign -am "a quiet change" &&
	git -C sam push -q origin HEAD &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "signing with their key (sign.entries)" err &&
	sam_undoes
'

test_expect_success 'a clone trusts no partner whose first look shows two keys' '
	tend clone --me "Robin <robin@example.org>" "$url" robin >out &&
	test "$(grep -c "^alex published a new device key" out)" = 2 &&
	test "$(grep -c "^sam published a new device key" out)" = 2 &&
	test_grep ! "^trusting" out &&
	tend -C robin key >keys &&
	test_grep "^robin  *this device" keys &&
	test "$(grep -c "unconfirmed" keys)" = 4
'

test_expect_success 'a clone trusts a partner'"'"'s one key on first use, and says so' '
	rm -rf robin &&
	git init -q --bare one.git &&
	git -C alex push -q "$TRASH/one.git" HEAD &&
	git clone -q one.git solo &&
	git -C solo config --file tend.conf --unset-all partner.sam.key &&
	git -C solo config --file tend.conf --fixed-value --unset-all \
	    partner.alex.key "$(cat other-key.pub)" &&
	git -C solo -c user.name=Alex -c user.email=alex@example.org \
	    commit -q --no-gpg-sign -am "one key each" &&
	git -C solo push -q origin HEAD &&
	tend clone --me "Robin <robin@example.org>" "$TRASH/one.git" robin >out &&
	test_grep "^trusting alex.s device key SHA256:" out &&
	test_grep ! "published a new" out
'

test_expect_success 'an unreadable key line in tend.conf names the partner' '
	git config --file alex/tend.conf --add partner.alex.key "ssh-ed25519 !!!" &&
	test_expect_code 1 tend -C alex key 2>err &&
	test_grep "a key of partner .alex.: not an Ed25519 key" err &&
	git -C alex checkout -q tend.conf
'

test_done
