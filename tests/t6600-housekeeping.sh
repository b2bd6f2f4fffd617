#!/bin/sh
# Housekeeping: after a write, loose objects and packs past git's gc.auto
# and gc.autoPackLimit are packed by a 'git gc --auto' that tend starts
# and leaves running; gc.auto=0 turns it off, a journal under the
# thresholds is left alone, and without git nothing breaks.
. "$(dirname "$0")/lib.sh"

# Loose objects in journal $1, as git counts them.
loose() {
	git -C "$1" count-objects | sed 's/ objects.*//'
}

# Packs in journal $1.
packs() {
	ls "$1"/.git/objects/pack | grep -c '\.pack$'
}

# Wait up to ten seconds for the command $* to succeed: the gc runs
# detached, and takes a moment.
wait_for() {
	tries=0
	until eval "$*"; do
		tries=$((tries + 1))
		test $tries -lt 100 || return 1
		sleep 0.1
	done
}

# Three loose blobs whose ids start with 17, where git looks to estimate
# the loose objects (one in 256 of them), reachable from a ref of their
# own so that a gc packs them rather than leaving them for prune.
fill_17() {
	perl -MDigest::SHA=sha1_hex -e '
	    my $n = 0;
	    for ($i = 0; $n < 3; $i++) {
		$c = "filler $i\n";
		next if substr(sha1_hex("blob " . length($c) . "\0$c"), 0, 2)
		    ne "17";
		open(F, ">", "filler$n") or die; print F $c; close F; $n++;
	    }' &&
	tree=$(for n in 0 1 2; do
		printf "100644 blob %s\tfiller%s\n" \
		    "$(git -C "$1" hash-object -w "$TRASH/filler$n")" $n
	done | git -C "$1" mktree) &&
	commit=$(echo filler | git -C "$1" commit-tree "$tree") &&
	git -C "$1" update-ref refs/filler "$commit" &&
	test "$(ls "$1"/.git/objects/17 | wc -l)" -ge 3
}

test_expect_success 'past gc.auto, a write leaves the objects packed soon after' '
	make_journal full &&
	fill_17 full &&
	git -C full config gc.auto 20 &&
	before=$(loose full) &&
	test "$before" -gt 3 &&
	tend -C full checkin $all_pillars --date 2026-11-20 >out 2>err &&
	test "$(cat out)" = 2026-11-20-alex &&
	test_cmp /dev/null err &&
	wait_for "test -z \"\$(ls full/.git/objects/17 2>/dev/null)\"" &&
	test "$(loose full)" -lt "$before" &&
	test "$(packs full)" -ge 1 &&
	git -C full fsck --strict 2>fsck &&
	test_cmp /dev/null fsck &&
	tend -C full log >log &&
	test_grep 2026-11-20 log
'

test_expect_success 'past gc.autoPackLimit, the packs become one' '
	make_journal many &&
	for i in 1 2 3; do
		echo "pack $i" >p$i &&
		blob=$(git -C many hash-object -w "$TRASH/p$i") &&
		git -C many update-ref refs/p$i "$blob" &&
		git -C many -c gc.auto=0 repack -d -q || return 1
	done &&
	test "$(packs many)" -eq 3 &&
	git -C many config gc.autoPackLimit 2 &&
	tend -C many checkin $all_pillars --date 2026-11-20 >/dev/null &&
	wait_for "test \$(packs many) -eq 1"
'

test_expect_success 'gc.auto = 0 turns it off' '
	make_journal off &&
	fill_17 off &&
	git -C off config gc.auto 0 &&
	git -C off config gc.autoPackLimit 1 &&
	before=$(loose off) &&
	tend -C off checkin $all_pillars --date 2026-11-20 >/dev/null &&
	sleep 2 &&
	test "$(loose off)" -gt "$before" &&
	test ! -e off/.git/objects/pack/*.pack
'

test_expect_success 'the gc runs holding the journal lock; a write meanwhile waits' '
	make_journal held &&
	fill_17 held &&
	git -C held config gc.auto 20 &&
	mkdir slowgit &&
	real=$(command -v git) &&
	cat >slowgit/git <<-EOF &&
	#!/bin/sh
	case " \$* " in
	*" gc "*)
		echo "\$*" >>"$TRASH/gc-seen"
		test -f "$TRASH/held/.git/tend/lock" && echo locked >>"$TRASH/gc-seen"
		sleep 2 ;;
	esac
	exec "$real" "\$@"
	EOF
	chmod +x slowgit/git &&
	PATH=$TRASH/slowgit:$PATH tend -C held checkin $all_pillars \
	    --date 2026-11-20 >/dev/null &&
	wait_for "test -s gc-seen" &&
	tend -C held checkin $all_pillars --date 2026-11-19 >out &&
	test "$(cat out)" = 2026-11-19-alex &&
	test_grep "gc.autoDetach=false" gc-seen &&
	test_grep "^locked$" gc-seen &&
	wait_for "test ! -e held/.git/tend/lock"
'

test_expect_success 'a journal under the thresholds is never touched' '
	make_journal small &&
	before=$(loose small) &&
	tend -C small checkin $all_pillars --date 2026-11-20 >/dev/null &&
	sleep 2 &&
	test "$(loose small)" -gt "$before" &&
	test ! -e small/.git/objects/pack/*.pack &&
	test ! -e small/.git/gc.pid &&
	test ! -e small/.git/gc.log
'

test_expect_success 'without git on PATH, the write works and nothing is packed' '
	make_journal nogit &&
	fill_17 nogit &&
	git -C nogit config gc.auto 20 &&
	before=$(loose nogit) &&
	mkdir bin &&
	ln -s "$SRC_DIR/tend" bin/tend &&
	PATH=$TRASH/bin tend -C nogit checkin $all_pillars \
	    --date 2026-11-20 >out 2>err &&
	test "$(cat out)" = 2026-11-20-alex &&
	test_cmp /dev/null err &&
	sleep 1 &&
	test "$(loose nogit)" -gt "$before"
'

test_done
