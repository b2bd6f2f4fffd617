# The sync scenarios every transport runs, sourced by tests/t4*.sh after
# lib.sh.  The caller makes the bare repository $TRASH/srv/journal.git
# reachable as $url.

# Alex's journal, with the remote at $url; Sam joins with tend clone.
sync_setup() {
	mkdir -p srv &&
	git init -q --bare srv/journal.git &&
	make_journal alex &&
	git -C alex remote add origin "$url" &&
	tend -C alex sync >out &&
	test_grep "^shared yours$" out &&
	tend clone --me "Sam <sam@example.org>" "$url" sam >out &&
	test_grep "joined the journal in .*sam.; you are .sam." out &&
	test "$(git -C sam config tend.me)" = sam
}

# Both write on the same day; they sync in one order, then the other.
sync_same_day() {
	tend -C alex checkin $all_pillars --date 2026-11-20 >/dev/null &&
	tend -C sam checkin $all_pillars --date 2026-11-20 >/dev/null &&
	tend -C alex sync >out &&
	test_grep "^shared yours$" out &&
	tend -C sam sync >out &&
	test_grep "^took in the partners. entries (merged)$" out &&
	test_grep "^shared yours$" out &&
	tend -C alex sync >out &&
	test_grep "^took in the partners. entries$" out &&
	tend -C sam checkin $all_pillars --date 2026-11-21 >/dev/null &&
	tend -C alex checkin $all_pillars --date 2026-11-21 >/dev/null &&
	tend -C sam sync >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C sam sync >/dev/null &&
	for day in 20 21; do
		for who in alex sam; do
			for side in alex sam; do
				test -f $side/checkin/2026/11/2026-11-$day-$who.md ||
				    return 1
			done
		done
	done &&
	test "$(git -C alex rev-parse HEAD)" = "$(git -C sam rev-parse HEAD)" &&
	git -C alex log --merges --format=%p -1 >parents &&
	test "$(wc -w <parents)" = 2 &&
	git -C alex fsck --strict &&
	tend -C alex sync >out &&
	test_grep "^up to date$" out
}

# Both change the same agreement: both versions are kept until settled.
sync_agreement_conflict() {
	tend -C alex agree new rota -m "- We take turns with the dishes." >/dev/null &&
	tend -C alex agree sign rota >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C sam sync >/dev/null &&
	tend -C sam agree sign rota >/dev/null &&
	tend -C alex agree edit rota -m "- We take turns, by the calendar." >/dev/null &&
	tend -C sam agree edit rota -m "- We take turns, every other day." >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C sam sync >out 2>err &&
	test_grep "both versions of .agree/rota.md. are kept; settle it with .tend agree edit rota." err &&
	test_grep "^- We take turns, by the calendar.$" sam/agree/rota.md &&
	test_grep "^- We take turns, every other day.$" sam/agree/rota.md &&
	tend -C sam agree list >list &&
	test_grep "^rota  *conflict " list &&
	test_expect_code 2 tend -C sam agree sign rota 2>err &&
	cat >settle <<-\EOF &&
	grep -q "a sync kept both versions" "$1" || exit 1
	sed -i -e "/^<<<<<<<\|^=======\|^>>>>>>>/d" -e "/every other day/d" "$1"
	EOF
	echo wait >script &&
	EDITOR="sh $TRASH/settle" "$SRC_DIR/tests/tty" script -- \
	    tend -C sam agree edit rota >transcript &&
	test_grep ! "sync kept both" sam/agree/rota.md &&
	test_grep ! "^<<<<<<<" sam/agree/rota.md &&
	tend -C sam agree sign rota >/dev/null &&
	tend -C sam sync >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C alex agree sign rota >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C sam sync >/dev/null &&
	tend -C sam agree list >list &&
	test_grep "^rota  *in force " list
}

# Sam uses only the git CLI; Alex only tend sync; in any order.
sync_with_git_cli() {
	git -C sam -c user.name=Sam -c user.email=sam@example.org \
	    pull -q --no-rebase --no-edit origin HEAD &&
	tend -C sam resent -k hurt --raise "Left out of the plan" >rid &&
	tend -C alex checkin $all_pillars --date 2026-11-22 >/dev/null &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	test -f alex/resent/$(cat rid).md &&
	tend -C alex resent resolve "$(cat rid)" -m "We talked." >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C sam checkin $all_pillars --date 2026-11-22 >/dev/null &&
	git -C sam -c user.name=Sam -c user.email=sam@example.org \
	    pull -q --no-rebase --no-edit origin HEAD &&
	git -C sam push -q origin HEAD &&
	test_grep "^state: resolved$" sam/resent/$(cat rid).md &&
	test -f sam/checkin/2026/11/2026-11-22-alex.md &&
	tend -C alex sync >/dev/null &&
	test -f alex/checkin/2026/11/2026-11-22-sam.md &&
	git -C alex fsck --strict &&
	git -C sam fsck --strict &&
	tend -C alex resent list --all >/dev/null &&
	tend -C alex checkin --list >/dev/null
}

# Both push at the same moment: one loses the race, takes the other in
# and pushes again; nothing is lost.
sync_race() {
	tend -C alex checkin $all_pillars --date 2026-11-23 >/dev/null &&
	tend -C sam checkin $all_pillars --date 2026-11-23 >/dev/null &&
	{ tend -C alex sync >race-alex 2>&1 & } &&
	{ tend -C sam sync >race-sam 2>&1 & } &&
	wait &&
	tend -C alex sync >/dev/null &&
	tend -C sam sync >/dev/null &&
	tend -C alex sync >/dev/null &&
	for side in alex sam; do
		test -f $side/checkin/2026/11/2026-11-23-alex.md &&
		test -f $side/checkin/2026/11/2026-11-23-sam.md || return 1
	done &&
	test "$(git -C alex rev-parse HEAD)" = "$(git -C sam rev-parse HEAD)"
}

# Each scenario through each transport (sync.transport, set for the whole
# test), or those $2 names; $1 names the server.  The last transport's
# journals and setting stay.
run_sync_scenarios() {
	for transport in ${2:-libgit2 git}; do
		rm -rf srv/journal.git alex sam
		git config --global sync.transport $transport
		test_expect_success "$1 ($transport): set up a journal and clone it" \
		    'sync_setup'
		test_expect_success "$1 ($transport): both write the same day, sync in both orders" \
		    'sync_same_day'
		test_expect_success "$1 ($transport): both edit an agreement; both versions kept, settled, signed" \
		    'sync_agreement_conflict'
		test_expect_success "$1 ($transport): one partner with the git CLI, the other with tend" \
		    'sync_with_git_cli'
		test_expect_success "$1 ($transport): two syncs at once" 'sync_race'
	done
}
