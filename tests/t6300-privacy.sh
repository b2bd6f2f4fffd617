#!/bin/sh
# Private-canary trials: what is private never leaves the machine.
#
# Each round writes private reflections and private (unraised) resentments
# that carry unique canary strings, beside shared entries, then sends the
# journal out every way it can leave: tend sync, git push --all and --tags,
# git push --mirror, tend export --html (without --include-private), and,
# as the other partner, tend export --markdown and --ics.  Every object of
# every remote and of the partner's clone, and every exported file, is
# searched for every canary: none may be found.  Each canary must be in
# the private store, which shows the search can find one.
#
# TEND_CANARY_ROUNDS (default 5) rounds of 20 canaries: 25 rounds give the
# 500 trials of issue 9.
. "$(dirname "$0")/lib.sh"

rounds=${TEND_CANARY_ROUNDS:-5}
per_round=20
today=$(date +%Y-%m-%d)
P="-r vulnerability=4 -r listening=3 -r empathy=5 -r affirmation=4 -r shared=2"

# Every object of the repository at $1, as its contents.
all_objects() {
	git -C "$1" cat-file --batch-all-objects --batch
}

test_expect_success 'setup: Alex and Sam, a remote, a backup and a mirror' '
	make_journal &&
	for r in remote backup mirror; do git init -q --bare $r.git || return 1; done &&
	git -C journal remote add origin "file://$TRASH/remote.git" &&
	git -C journal remote add backup "file://$TRASH/backup.git" &&
	git -C journal remote add mirror "file://$TRASH/mirror.git" &&
	tend -C journal config ritual.evening.time 21:00 &&
	tend -C journal sync >/dev/null &&
	tend clone --me "Sam <sam@example.org>" "file://$TRASH/remote.git" \
	    sam >/dev/null &&
	test "$(git -C sam config tend.me)" = sam &&
	tend -C journal reflect --prompts | cut -d" " -f1 >prompts &&
	test "$(wc -l <prompts)" -ge 10 &&
	: >canaries && : >markers
'

round=1
while [ "$round" -le "$rounds" ]; do
	test_expect_success "round $round: $per_round canaries written privately, shared entries beside them" "
		i=1 &&
		while [ \$i -le $per_round ]; do
			c=CANARY\$(od -An -N6 -tx1 /dev/urandom | tr -d ' \\n')R${round}I\$i &&
			echo \$c >>canaries &&
			if [ \$((i % 2)) = 0 ]; then
				# Up to 99 a day on one prompt: take them in turn.
				p=\$(sed -n \"\$(((\$(wc -l <canaries) / 2) % \$(wc -l <prompts) + 1))p\" prompts) &&
				tend -C journal reflect -p \$p -m \"Alone: \$c\" >/dev/null
			else
				tend -C journal resent -k hurt -t \"t\$c\" \
				    -m \"Unsaid: \$c\" \"Held back \$c\" >/dev/null
			fi || return 1
			i=\$((i + 1))
		done &&
		m=SHARED\$(od -An -N6 -tx1 /dev/urandom | tr -d ' \\n')R$round &&
		echo \$m >>markers &&
		tend -C journal checkin $P -m \"Shared: \$m\" \
		    --date \"\$(date -d \"$round days ago\" +%Y-%m-%d)\" >/dev/null &&
		tend -C journal resent -k need --raise -m \"Raised: \$m\" \
		    \"Raised \$m\" >/dev/null &&
		tend -C journal reflect --share -m \"Shared reflection: \$m\" \
		    >/dev/null
	"

	test_expect_success "round $round: the journal goes out every way" "
		tend -C journal sync >/dev/null &&
		git -C journal push -q backup --all &&
		git -C journal push -q backup --tags &&
		git -C journal push -q --mirror mirror &&
		rm -rf site && tend -C journal export --html site >/dev/null &&
		tend -C sam sync >/dev/null &&
		rm -rf md && tend -C sam export --markdown md >/dev/null &&
		tend -C sam export --ics >calendar.ics
	"

	test_expect_success "round $round: no canary anywhere it went, each one in the private store" "
		{ all_objects remote.git && all_objects backup.git &&
		  all_objects mirror.git && all_objects sam &&
		  find site md calendar.ics -type f -exec cat {} + &&
		  find site md -print; } >outside-$round &&
		all_objects journal/.git/tend/private >private-$round &&
		leaked=\$(grep -aioF -f canaries outside-$round | sort -u | wc -l) &&
		kept=\$(grep -aoF -f canaries private-$round | sort -u | wc -l) &&
		shared=\$(grep -aoF -f markers outside-$round | sort -u | wc -l) &&
		echo \"\$leaked \$kept \$shared\" >figures-$round &&
		test \$leaked = 0 &&
		test \$kept = \$(wc -l <canaries) &&
		test \$shared = \$(wc -l <markers) &&
		rm outside-$round private-$round
	"
	round=$((round + 1))
done

test_expect_success 'the search finds a canary where one is put' '
	c=$(head -1 canaries) &&
	tend -C journal reflect --share -m "Now shared: $c" >/dev/null &&
	tend -C journal sync >/dev/null &&
	all_objects remote.git | grep -aqF "$c"
'

trials=$(wc -l <canaries)
leaked=$(cat figures-* 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
echo "# canary trials: $trials canaries in $rounds rounds;" \
    "found outside: $leaked; in the private store: $(cut -d' ' -f2 \
    "figures-$rounds" 2>/dev/null || echo 0)"
echo "# ways out searched each round: tend sync, git push --all, --tags," \
    "--mirror, export --html, Sam's clone, export --markdown and --ics as Sam"
test_done
