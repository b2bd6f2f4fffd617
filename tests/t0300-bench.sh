#!/bin/sh
# The benchmark's journal generator writes what tend writes, plain and
# encrypted, and the benchmark runs end to end on a quarter of a year.  Its
# figures are only printed: timing asserts nothing on a shared machine.
. "$(dirname "$0")/lib.sh"

GEN=$SRC_DIR/tests/bench/gen-journal
export TEND="$SRC_DIR/tend"

test_expect_success 'gen-journal writes a year of history that git fsck accepts' '
	"$GEN" --years 1 --seed 7 --end 2026-06-30 year >gen.out &&
	test_grep "year: .* commits, .* files, 2025-06-30 to 2026-06-30" gen.out &&
	git -C year fsck --strict --full 2>fsck.err &&
	! test -s fsck.err &&
	test -z "$(git -C year status --porcelain)"
'

test_expect_success 'the same seed and day give the same history' '
	"$GEN" --years 1 --seed 7 --end 2026-06-30 again >/dev/null &&
	test "$(git -C year rev-parse HEAD)" = "$(git -C again rev-parse HEAD)" &&
	"$GEN" --years 1 --seed 8 --end 2026-06-30 other >/dev/null &&
	test "$(git -C year rev-parse HEAD)" != "$(git -C other rev-parse HEAD)"
'

test_expect_success 'its files and folders are private, as tend makes them' '
	test -z "$(find year -path year/.git -prune -o -perm /077 -print)"
'

test_expect_success 'a check-in a day from each partner, and the other kinds' '
	test $(git -C year ls-files checkin | wc -l) -eq 730 &&
	test $(git -C year ls-files reflect | wc -l) -ge 90 &&
	test $(git -C year ls-files resent | wc -l) -ge 40 &&
	test $(git -C year ls-files agree | wc -l) -eq 4 &&
	test $(git -C year log --grep="^agree: .* signs " --format=%H | wc -l) -ge 100
'

test_expect_success 'tend reads all of it without a complaint' '
	for command in "status" "log" "agree list" "resent list --all" \
	    "checkin --list"; do
		tend -C year $command >out 2>err || return 1
		! test -s err || return 1
	done &&
	tend -C year log --oneline >ids &&
	test $(wc -l <ids) -ge 870 &&
	tend -C year agree list >agreements &&
	test $(grep -c "in force" agreements) -eq 4
'

# A generated check-in, written again by tend from the same words: the
# same bytes but for the time of day, and the same commit message.
test_expect_success 'a check-in is byte for byte what tend checkin writes' '
	file=$(git -C year ls-files "checkin/2026/06/2026-06-30-sam.md") &&
	test -n "$file" &&
	rating() { sed -n "s/^  $1: //p" "year/$file"; } &&
	section() { awk -v s="## $1" "\$0 == s { on = 1; getline; next }
	    on && /^## / { exit } on && NF { print }" "year/$file"; } &&
	make_journal mine &&
	git -C mine config tend.me sam &&
	set -- -r vulnerability=$(rating vulnerability) \
	    -r listening=$(rating listening) -r empathy=$(rating empathy) \
	    -r affirmation=$(rating affirmation) -r shared=$(rating shared) &&
	appreciation=$(section Appreciation) && need=$(section Need) &&
	notes=$(section Notes) &&
	tend -C mine checkin "$@" -a "$appreciation" \
	    ${need:+-n "$need"} ${notes:+-m "$notes"} --date 2026-06-30 &&
	grep -v "^date: " "year/$file" >expect &&
	grep -v "^date: " "mine/$file" >actual &&
	test_cmp expect actual &&
	git -C year log -1 --format=%B -- "$file" >expect &&
	git -C mine log -1 --format=%B -- "$file" >actual &&
	test_cmp expect actual
'

# A signature names the text it signs by its blob: tend must agree with
# the generator about which texts everyone signed.
test_expect_success 'signatures name the texts tend finds signed' '
	name=$(git -C year ls-files agree | head -n 1 | sed "s|agree/||; s|\.md$||") &&
	tend -C year agree show "$name" >shown &&
	test_grep "in force" shown &&
	blob=$(git -C year rev-parse "HEAD:agree/$name.md") &&
	git -C year log --format=%B --grep="Agreed-to: agree/$name.md $blob" >sigs &&
	test $(grep -c "^Agreed-by: " sigs) -eq 2
'

# git's verdict on commits "$@" of journal $1: each good, by a key of
# its author's (git finds the principal in the allowed signers file that
# tend keeps and tend init named in .git/config).
signed_by_author() {
	dir=$1 &&
	shift &&
	git -C "$dir" log --no-walk --format="%G? %GS %al" "$@" >verdicts &&
	test $(wc -l <verdicts) -eq $# &&
	awk "\$1 != \"G\" || \$2 != \$3" verdicts >bad &&
	! test -s bad
}

# tend signs every commit it makes, and counts a signature on an
# agreement only from a commit signed by a key it trusts as the signer's.
test_expect_success 'every commit is signed by its author, as git verifies' '
	test "$(git -C year config gpg.format)" = ssh &&
	test "$(git -C year config commit.gpgSign)" = true &&
	git -C year log --format=raw >raw &&
	test $(grep -c "^gpgsig -----BEGIN SSH SIGNATURE-----\$" raw) -eq \
	    $(git -C year rev-list --count HEAD) &&
	git -C year verify-commit HEAD 2>verified &&
	test_grep "^Good \"git\" signature for " verified &&
	# ssh-keygen checks each one: a sample keeps the test quick.
	git -C year rev-list --reverse HEAD |
	    awk "NR <= 4 || NR % 50 == 0" >sample &&
	signed_by_author year $(cat sample)
'

test_expect_success 'tend.conf publishes each key in the commit tend clone makes' '
	git config --file year/tend.conf --get-all partner.alex.key >alex.key &&
	git config --file year/tend.conf --get-all partner.sam.key >sam.key &&
	test $(cat alex.key sam.key | wc -l) -eq 2 &&
	ssh-keygen -y -f year/.git/tend/key-alex | cut -d" " -f1,2 >device &&
	test_cmp alex.key device &&
	test -z "$(find year/.git/tend -perm /077)" &&
	fingerprint=$(ssh-keygen -lf sam.key | cut -d" " -f2) &&
	git -C year log --reverse --format="%an %s" | sed -n 2p >joined &&
	test_grep "^Sam keys: sam.s device key $fingerprint\$" joined &&
	make_journal first &&
	tend clone --me "Sam <sam@example.org>" first second >/dev/null &&
	sed "s/key = .*/key = KEY/" second/tend.conf >expect &&
	sed "s/key = .*/key = KEY/" year/tend.conf >actual &&
	test_cmp expect actual &&
	git -C second log -1 --format="%an %s" | sed "s/SHA256:.*//" >expect &&
	sed "s/SHA256:.*//" joined >actual &&
	test_cmp expect actual
'

test_expect_success 'the journal is Alex'"'"'s, who trusts every partner'"'"'s key' '
	tend -C year key >keys &&
	test_grep "^alex  *this device  *SHA256:" keys &&
	test_grep "^sam  *trusted  *$(ssh-keygen -lf sam.key | cut -d" " -f2)\$" \
	    keys &&
	tend -C year agree list >agreements &&
	test_grep ! "unverified" agreements &&
	test $(grep -c "in force" agreements) -eq 4
'

test_expect_success 'six partners publish six keys, all signed and trusted' '
	"$GEN" --years 0.1 --partners 6 --seed 3 --end 2026-06-30 six >/dev/null &&
	for id in alex sam robin kai noor jun; do
		git config --file six/tend.conf --get-all partner.$id.key >key &&
		test $(wc -l <key) -eq 1 || return 1
	done &&
	git -C six log --reverse --format="%an %s" | sed -n "1,6p" |
	    cut -d" " -f1,2 >joined &&
	printf "%s\n" "Alex init:" "Sam keys:" "Robin keys:" "Kai keys:" \
	    "Noor keys:" "Jun keys:" >expect &&
	test_cmp expect joined &&
	signed_by_author six $(git -C six rev-list --reverse HEAD | head -n 8) &&
	tend -C six key >keys &&
	test $(grep -c " trusted " keys) -eq 5 &&
	test $(grep -c " this device " keys) -eq 1 &&
	tend -C six agree list >agreements &&
	test_grep ! "unverified" agreements &&
	test_grep "in force" agreements
'

test_expect_success 'gen-journal --encrypt writes the same year, sealed as tend seals it' '
	"$GEN" --years 1 --seed 7 --end 2026-06-30 --encrypt sealed >gen.out &&
	test_grep "^sealed: .* commits, 888 files, 2025-06-30 to 2026-06-30\$" \
	    gen.out &&
	git -C sealed fsck --strict --full 2>fsck.err &&
	! test -s fsck.err &&
	test -z "$(git -C sealed status --porcelain)" &&
	test -z "$(find sealed -path sealed/.git -prune -o -perm /077 -print)" &&
	# An invitation and its taking up: two commits more than in plain.
	test $(git -C sealed rev-list --count HEAD) -eq \
	    $(($(git -C year rev-list --count HEAD) + 2)) &&
	# Each file, sealed again by tend filter, is the blob stored.
	git -C sealed add --renormalize . &&
	git -C sealed diff --cached --quiet HEAD &&
	tend -C sealed doctor --offline >doctor.out &&
	test_grep "^ok  *sealed  *journal: every commit and every file it seals is sealed\$" \
	    doctor.out &&
	test_grep ! "^error\|^warning" doctor.out
'

test_expect_success 'no word the partners wrote is in its objects, paths or messages' '
	git -C sealed cat-file --batch-all-objects --batch >objects &&
	git -C sealed ls-tree -r --name-only HEAD >paths &&
	git -C sealed log --format=%B >messages &&
	for word in "kind: checkin" "## Appreciation" "You made coffee" \
	    "Agreed-to" "checkin: alex" "agree: " "reflect: " "phones" \
	    "dishes" "what-helps"; do
		! grep -a -q -F "$word" objects paths messages || return 1
	done &&
	test $(grep -c "^sealed by tend\$" messages) -eq \
	    $(git -C sealed rev-list --count HEAD)
'

test_expect_success 'tend reads the sealed year as the plain one' '
	for command in "status" "log" "resent list --all" "checkin --list" \
	    "agree show dishes" "agree log dishes"; do
		tend -C sealed $command >enc.out 2>err || return 1
		! test -s err || return 1
		tend -C year $command >plain.out || return 1
		# Commit ids differ; what they say does not.
		sed -E "s/(^| )[0-9a-f]{7}( |\$)/\1ID\2/g" enc.out >actual &&
		sed -E "s/(^| )[0-9a-f]{7}( |\$)/\1ID\2/g" plain.out >expect &&
		test_cmp expect actual || return 1
	done &&
	tend -C sealed agree list >actual &&
	tend -C year agree list >expect &&
	test_cmp expect actual &&
	test_grep ! "unverified" actual &&
	test $(grep -c "in force" actual) -eq 4
'

# tend agree sign finds a signature by the trailer it writes itself: the
# agreement's sealed path, and the plain text's blob id.
test_expect_success 'signatures are the ones tend agree sign writes, signed as tend signs' '
	name=$(tend -C sealed agree list | awk "NR == 2 { print \$1 }") &&
	test_must_fail tend -C sealed agree sign "$name" 2>err &&
	test_grep "you have signed this text of .$name. already" err &&
	git -C sealed rev-list --reverse HEAD |
	    awk "NR <= 6 || NR % 50 == 0" >sample &&
	signed_by_author sealed $(cat sample) &&
	git -C sealed log -p -1 -- checkin >shown &&
	test_grep "^+kind: checkin\$" shown
'

test_expect_success 'Sam joins as tend key invite and tend clone --code have it' '
	tend -C sealed key >keys &&
	test_grep "^alex  *this device  *SHA256:" keys &&
	test_grep "^sam  *trusted  *$(ssh-keygen -lf sam.key | cut -d" " -f2)\$" \
	    keys &&
	git -C sealed show HEAD:.tend/keyring >ring &&
	test $(grep -c "^key 1 " ring) -eq 2 &&
	test_grep ! "^invite " ring &&
	git -C sealed log --reverse --format=%an -- .tend/keyring >authors &&
	printf "%s\n" Alex Alex Sam >expect &&
	test_cmp expect authors
'

test_expect_success 'bad arguments are refused with a clear line' '
	test_expect_code 2 "$GEN" 2>err &&
	test_grep "usage: gen-journal" err &&
	test_expect_code 2 "$GEN" --years 0 x 2>err &&
	test_grep "years must be above 0" err &&
	test_expect_code 1 "$GEN" --years 1 year 2>err &&
	test_grep "gen-journal: .year. exists already" err &&
	# git takes no commit before 1970: an --end too early is refused.
	test_expect_code 2 "$GEN" --years 1 --end 1970-06-30 early 2>err &&
	test_grep "end 1970-06-30 leaves no room for 1 years after 1970-03-01" \
	    err &&
	! test -e early
'

# The row named $1 in table file $2: the name, then spaces and a number.
row_of() {
	awk -v op="$1" 'substr($0, 1, length(op)) == op &&
	    substr($0, length(op) + 1) ~ /^ +[0-9]/' "$2"
}

# A row gives tend ms, git ms, ratio, min, max and each side's MB (the
# encrypted table its aim after them): how many of the seven fields that
# end $1 fields before the line's end are plain numbers.
numbers_before() {
	awk -v end="$1" "{ n = 0; for (i = NF - end - 6; i <= NF - end; i++)
	    if (\$i ~ /^[0-9]+\.[0-9]+\$/) n++; print n }"
}

test_expect_success 'make bench runs every operation once on a quarter year' '
	"$SRC_DIR/tests/bench/run" --years 0.25 --scale 0.25 --pairs 1 \
	    --slow-pairs 1 --aged-days 3 --checkout 100 >bench.out 2>bench.err &&
	cat bench.out &&
	sed "/^aged:/q" bench.out >main-rows &&
	for op in "write (checkin)" "log --since 30 days" "agree log" \
	    "agree diff" "status" "status (cold)" "sync (1 commit each)" \
	    "sync via git (1 each)" "start-up (--version)" \
	    "agree list after merge" "export --html (full)" \
	    "export --html (1 new)" "doctor"; do
		row_of "$op" main-rows >row && test $(wc -l <row) -eq 1 || return 1
		test $(numbers_before 0 <row) -eq 7 || return 1
	done &&
	# Cold status removed the agreements cache at least, and the
	# merging sync left it to be read after.
	test_grep "cold status removes .git/tend/{[^}]*agreements" bench.out &&
	test_grep "cache after the merging sync: " bench.out &&
	# The generated pack, then one a day and 11 loose objects a day.
	test_grep "^aged: a 0.25-year journal, then 3 days .*: [0-9]* commits, 4 packs, 33 loose objects\$" \
	    bench.out &&
	sed -n "/^aged:/,/^Growth/p" bench.out >aged-rows &&
	for op in "status, aged" "log 30 days, aged" "status, aged+gc" \
	    "log 30 days, aged+gc"; do
		row_of "$op" aged-rows >row && test $(wc -l <row) -eq 1 || return 1
		test $(numbers_before 0 <row) -eq 7 || return 1
	done &&
	# years, commits, then write, status and sync of each side, sync
	# ratio and the sync memory of each.
	test_grep "^ *0.25 *[0-9][0-9]*\( *[0-9][0-9]*\.[0-9][0-9]*\)\{9\}\$" bench.out &&
	sed -n "/^The encrypted journal/,\$p" bench.out >sealed-rows &&
	for op in "write (checkin)" "log --since 30 days" "log (all of it)" \
	    "agree diff" "status" "sync (1 commit each)" "checkout 100 (git)"; do
		row_of "$op" sealed-rows >row && test $(wc -l <row) -eq 1 || return 1
		test $(numbers_before 1 <row) -eq 7 || return 1
		test_grep " [12]\.[05]x\$" row || return 1
	done
'

test_done
