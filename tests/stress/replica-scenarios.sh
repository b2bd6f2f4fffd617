# Random two-replica histories: Alex and Sam each write, both edit one
# agreement, stay offline for a while, and sync with tend sync or with the
# git CLI (git pull --no-rebase && git push), in any order.  Sourced after
# tests/lib.sh by tests/t6030-replicas.sh (a few scenarios) and
# tests/stress/replicas.sh (make stress); replica_run N [SEED] runs N
# scenarios and leaves the figures in $TRASH/figures and the first
# problems found in $TRASH/problems.
#
# After each scenario both sides sync with tend until they agree, then:
#   - every entry either side ever committed is there, byte for byte;
#   - every text of the agreement either side committed is still in it,
#     unless a later deliberate edit made on top of it replaced it (a
#     conflict keeps both versions whole);
#   - git fsck --full passes for both replicas and the remote.

replica_problem() {
	replica_problems=$((replica_problems + 1))
	[ "$replica_problems" -le 20 ] &&
	    echo "scenario $scenario step $step ($op): $*" >>"$TRASH/problems"
	return 0
}

# A template pair, copied for each scenario.
replica_template() {
	git config --global user.name "Tend Test" &&
	git config --global user.email "test@example.org" &&
	git config --global gc.autoDetach false &&
	mkdir -p "$TRASH/template" && cd "$TRASH/template" &&
	git init -q --bare srv.git &&
	make_journal alex &&
	git -C alex remote add origin "file://$TRASH/s/srv.git" &&
	git -C alex config user.name Alex &&
	git -C alex config user.email alex@example.org &&
	tend -C alex agree new rota -m "- Clause alex 0" >/dev/null &&
	git -C alex push -q "file://$TRASH/template/srv.git" HEAD:refs/heads/master &&
	git clone -q "file://$TRASH/template/srv.git" sam &&
	git -C sam remote set-url origin "file://$TRASH/s/srv.git" &&
	git -C sam config user.name Sam &&
	git -C sam config user.email sam@example.org &&
	git -C sam config tend.me sam &&
	cd "$TRASH"
}

# WHO writes an entry: a check-in or a raised resentment.
replica_write() {
	n=$((n + 1))
	if [ $((n % 2)) = 0 ]; then
		day=$(date -u -d "2001-01-01 + $n days" +%Y-%m-%d)
		id=$(tend -C "$1" checkin $all_pillars --date "$day" 2>"$TRASH/err")
	else
		id=$(tend -C "$1" resent -k need --raise -m "Said by $1, $n." \
		    "Step $n" 2>"$TRASH/err")
	fi || { replica_problem "cannot write: $(cat "$TRASH/err")"; return; }
	path=$(git -C "$1" ls-tree -r --name-only HEAD | grep "/$id\.md\$")
	echo "$path $(git -C "$1" rev-parse "HEAD:$path")" >>"$TRASH/s/entries"
	n_entries=$((n_entries + 1))
}

# WHO rewrites the agreement with a clause of their own.
replica_edit() {
	n=$((n + 1))
	if tend -C "$1" agree edit rota -m "- Clause $1 $n" >/dev/null 2>"$TRASH/err"; then
		echo "$(git -C "$1" rev-parse HEAD) - Clause $1 $n" >>"$TRASH/s/edits"
		n_edits=$((n_edits + 1))
	else
		# Refused, with a reason, while a conflict waits: fine.
		grep -q '^tend: ' "$TRASH/err" ||
		    replica_problem "edit failed unclearly: $(cat "$TRASH/err")"
		n_refused=$((n_refused + 1))
	fi
}

replica_sync_tend() {
	if ! tend -C "$1" sync >/dev/null 2>"$TRASH/err"; then
		replica_problem "tend sync failed: $(cat "$TRASH/err")"
	fi
	grep -q "both versions" "$TRASH/err" && n_conflicts=$((n_conflicts + 1))
	n_tend_syncs=$((n_tend_syncs + 1))
}

# The git CLI as a user would: pull (a conflict is committed with both
# versions in it, to settle later), then push.
replica_sync_git() {
	if ! git -C "$1" pull -q --no-rebase --no-edit origin master \
	    >/dev/null 2>"$TRASH/err"; then
		if [ -n "$(git -C "$1" diff --name-only --diff-filter=U)" ]; then
			n_conflicts=$((n_conflicts + 1))
			git -C "$1" add -A && git -C "$1" commit -q --no-edit ||
			    replica_problem "cannot commit the conflict"
		else
			replica_problem "git pull failed: $(cat "$TRASH/err")"
		fi
	fi
	git -C "$1" push -q origin HEAD:master 2>"$TRASH/err" ||
	    replica_problem "git push failed: $(cat "$TRASH/err")"
	n_git_syncs=$((n_git_syncs + 1))
}

replica_check() {
	for side in alex sam; do
		git -C "$TRASH/s/$side" fsck --full --no-progress >/dev/null 2>&1 ||
		    { n_fsck=$((n_fsck + 1)); replica_problem "fsck failed in $side"; }
	done
	git -C "$TRASH/s/srv.git" fsck --full --no-progress >/dev/null 2>&1 ||
	    { n_fsck=$((n_fsck + 1)); replica_problem "fsck failed in the remote"; }
	test "$(git -C "$TRASH/s/alex" rev-parse HEAD^{tree})" = \
	    "$(git -C "$TRASH/s/sam" rev-parse HEAD^{tree})" ||
	    replica_problem "alex and sam differ after syncing"
	git -C "$TRASH/s/alex" ls-tree -r HEAD | awk '{ print $4, $3 }' |
	    sort >"$TRASH/s/have"
	sort "$TRASH/s/entries" | comm -23 - "$TRASH/s/have" >"$TRASH/s/lost"
	if [ -s "$TRASH/s/lost" ]; then
		n_lost=$((n_lost + $(wc -l <"$TRASH/s/lost")))
		replica_problem "entries lost: $(tr '\n' ' ' <"$TRASH/s/lost")"
	fi
	git -C "$TRASH/s/alex" show HEAD:agree/rota.md >"$TRASH/s/rota"
	while read -r commit text; do
		grep -qxF -- "$text" "$TRASH/s/rota" && continue
		# Gone only if a later edit was made on top of it.
		superseded=
		while read -r later rest; do
			[ "$later" != "$commit" ] &&
			git -C "$TRASH/s/alex" merge-base --is-ancestor "$commit" "$later" &&
			    { superseded=1; break; }
		done <"$TRASH/s/edits"
		[ -n "$superseded" ] && continue
		n_lost_edits=$((n_lost_edits + 1))
		replica_problem "the agreement lost '$text' ($commit)"
	done <"$TRASH/s/edits"
}

# replica_run SCENARIOS [SEED]
replica_run() {
	scenarios=$1
	seed=${2:-$(date +%s)}
	replica_problems=0 n_entries=0 n_edits=0 n_refused=0 n_conflicts=0
	n_tend_syncs=0 n_git_syncs=0 n_offline=0 n_fsck=0 n_lost=0
	n_lost_edits=0 n_steps=0
	: >"$TRASH/problems"
	replica_template || { echo "setup failed" >>"$TRASH/problems"; return 1; }
	# Each scenario: 4 to 16 steps, each "who what".
	perl -e 'srand($ARGV[0]); for (1 .. $ARGV[1]) {
		my @s; for (1 .. 4 + int(rand(13))) {
			my @ops = qw(write write write edit edit offline
			    tend tend git);
			push @s, (rand() < 0.5 ? "alex" : "sam") . ":" .
			    $ops[int(rand(@ops))];
		}
		print "@s\n";
	}' "$seed" "$scenarios" >"$TRASH/plan"
	scenario=0
	while read -r steps; do
		scenario=$((scenario + 1))
		rm -rf "$TRASH/s" && cp -a "$TRASH/template" "$TRASH/s" &&
		cd "$TRASH/s" || return 1
		git -C alex rev-parse HEAD | sed 's/$/ - Clause alex 0/' >edits
		: >entries
		n=0 step=0
		for s in $steps; do
			step=$((step + 1)) n_steps=$((n_steps + 1))
			who=${s%:*} op=${s#*:}
			case $op in
			write) replica_write $who ;;
			edit) replica_edit $who ;;
			offline) n_offline=$((n_offline + 1)) ;;
			tend) replica_sync_tend $who ;;
			git) replica_sync_git $who ;;
			esac
		done
		op=final
		replica_sync_tend alex
		replica_sync_tend sam
		replica_sync_tend alex
		replica_check
		cd "$TRASH"
	done <"$TRASH/plan"
	{
		echo "seed $seed"
		echo "scenarios $scenarios, steps $n_steps: entries written $n_entries, agreement edits $n_edits (refused with a reason $n_refused), offline steps $n_offline, syncs by tend $n_tend_syncs, by the git CLI $n_git_syncs, conflicts kept $n_conflicts"
		echo "fsck failures $n_fsck, entries lost $n_lost, agreement texts lost $n_lost_edits, problems $replica_problems"
	} >"$TRASH/figures"
	[ "$replica_problems" = 0 ]
}
