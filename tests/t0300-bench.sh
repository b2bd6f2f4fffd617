#!/bin/sh
# The benchmark's journal generator writes what tend writes, and the
# benchmark runs end to end on a one-year journal.  Its figures are only
# printed: timing asserts nothing on a shared machine.
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

test_expect_success 'bad arguments are refused with a clear line' '
	test_expect_code 2 "$GEN" 2>err &&
	test_grep "usage: gen-journal" err &&
	test_expect_code 2 "$GEN" --years 0 x 2>err &&
	test_grep "years must be above 0" err &&
	test_expect_code 1 "$GEN" --years 1 year 2>err &&
	test_grep "gen-journal: .year. exists already" err
'

test_expect_success 'make bench runs every operation once on a year' '
	"$SRC_DIR/tests/bench/run" --years 1 --scale 1 --pairs 1 >bench.out 2>bench.err &&
	cat bench.out &&
	for op in "write (checkin)" "log --since 30 days" "agree log" \
	    "agree diff" "status" "sync (1 commit each)" "start-up (--version)"; do
		sed "/^Growth/q" bench.out | grep -F "$op " >row || return 1
		# tend ms, git ms, ratio, min, max, tend MB: all numbers.
		test $(awk "{ n = 0; for (i = NF - 5; i <= NF; i++)
		    if (\$i ~ /^[0-9]+\.[0-9]+\$/) n++; print n }" row) -eq 6 ||
		    return 1
	done &&
	test_grep "^ *1 *[0-9]* *[0-9.]* *[0-9.]* *[0-9.]* *[0-9.]*\$" bench.out
'

test_done
