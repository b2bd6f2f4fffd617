# Kill tend with SIGKILL at random moments while it writes, and check after
# each kill that nothing is lost or broken.  Sourced after tests/lib.sh by
# tests/t6000-crash.sh (a few trials) and tests/stress/crash.sh (make
# stress); crash_run N [SEED] runs N trials and leaves the figures in
# $TRASH/figures and the first problems found in $TRASH/problems.
#
# Each trial picks one of: check-in, private reflection, raising a
# resentment, editing an agreement, sync over file:// (after Sam pushed
# something, so that it merges); runs it under tests/stress/kill-after.pl
# with a random delay; then
#   - a lock left behind must be taken over by the next tend, which says
#     so in one line, and be gone once it is done;
#   - git's own lock files left behind are named by the next tend likewise;
#   - git fsck --full must pass for the journal, its private store and the
#     remote;
#   - every entry whose command reported success is there byte for byte
#     (its blob id, kept from the copy written at the time);
#   - what a killed command left in the work tree (a temporary file, a
#     staged file) is counted, and kept with a commit as a user would.

J=$TRASH/crash/alex
P=$J/.git/tend/private
S=$TRASH/crash/sam
R=$TRASH/crash/srv.git
KILL_AFTER="perl $SRC_DIR/tests/stress/kill-after.pl"

# One problem: counted, and the first few described.
crash_problem() {
	crash_problems=$((crash_problems + 1))
	[ "$crash_problems" -le 20 ] && echo "trial $trial ($op): $*" >>"$TRASH/problems"
	return 0
}

crash_setup() {
	# The git CLI commits what a killed tend left, as a user would.
	git config --global user.name "Alex" &&
	git config --global user.email "alex@example.org" &&
	# git gc --auto in the background would repack under a running fsck.
	git config --global gc.autoDetach false &&
	mkdir -p "$TRASH/crash/copies" &&
	cd "$TRASH/crash" &&
	git init -q --bare srv.git &&
	make_journal alex &&
	git -C alex remote add origin "file://$R" &&
	tend -C alex agree new rota -m "- We take turns with the dishes." >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend clone --me "Sam <sam@example.org>" "file://$R" sam >/dev/null &&
	: >"$TRASH/crash/expect" &&
	crash_expect j agree/rota.md &&
	cd "$TRASH"
}

# Remember that PATH in store J (journal), P (private) or S (Sam's) must
# keep the blob it has now in that store's HEAD, and keep a copy of it.
crash_expect() {
	case $1 in
	j) dir=$J ;; p) dir=$P ;; s) dir=$S ;;
	esac
	blob=$(git -C "$dir" rev-parse "HEAD:$2") || return 1
	# What the command wrote in the work tree is what it committed.
	test "$(git -C "$dir" hash-object "$2")" = "$blob" || {
		crash_problem "$1:$2 in the work tree differs from HEAD"
		return 0
	}
	cp "$dir/$2" "$TRASH/crash/copies/$blob" &&
	grep -v "^$1 $2 " "$TRASH/crash/expect" >"$TRASH/crash/expect.new"
	echo "$1 $2 $blob" >>"$TRASH/crash/expect.new" &&
	mv "$TRASH/crash/expect.new" "$TRASH/crash/expect"
}

crash_forget() {
	grep -v "^$1 $2 " "$TRASH/crash/expect" >"$TRASH/crash/expect.new"
	mv "$TRASH/crash/expect.new" "$TRASH/crash/expect"
}

# The path of entry ID in the HEAD of repository DIR, or nothing.
crash_path_of() {
	git -C "$1" ls-tree -r --name-only HEAD 2>/dev/null |
	    grep "/$2\.md\$" | head -n 1
}

# Run one write under kill-after; sets $killed and $status.
crash_kill() {
	delay=$1
	shift
	$KILL_AFTER "$delay" "$@" >"$TRASH/crash/out" 2>"$TRASH/crash/err"
	status=$?
	killed=0
	if [ $status = 137 ] && grep -q '^killed$' "$TRASH/crash/err"; then
		killed=1
	elif [ $status != 0 ]; then
		crash_problem "exit $status: $(head -n 2 "$TRASH/crash/err")"
	fi
}

# After a kill: what was left behind, reported and cleared as documented.
crash_leftovers() {
	if [ -e "$J/.git/tend/lock" ]; then
		n_stale=$((n_stale + 1))
		# Any writing command takes it over; raising nothing is cheapest.
		tend -C "$J" resent raise no-such-entry 2>"$TRASH/crash/err"
		if ! grep -q "^tend: took over the journal's lock\(, left empty by a tend that stopped while taking it\| from process [0-9]*, which is no longer running\)\$" "$TRASH/crash/err"; then
			crash_problem "a stale lock taken over unsaid: $(cat "$TRASH/crash/err")"
		elif [ -e "$J/.git/tend/lock" ]; then
			crash_problem "a stale lock stayed after the next tend"
			rm -f "$J/.git/tend/lock"
		fi
	fi
	for lock in $(find "$J/.git" "$R" -name '*.lock' -type f 2>/dev/null); do
		n_gitlock=$((n_gitlock + 1))
		# The locks a commit needs: the next commit must name them.
		probe=
		case $lock in
		"$P"/.git/index.lock|"$P"/.git/HEAD.lock|"$P"/.git/refs/heads/*)
			probe="tend -C $J reflect -m probe" ;;
		"$J"/.git/index.lock|"$J"/.git/HEAD.lock|"$J"/.git/refs/heads/*)
			probe="tend -C $J checkin $all_pillars --date 1999-01-01" ;;
		esac
		if [ -n "$probe" ]; then
			if $probe >/dev/null 2>"$TRASH/crash/err"; then
				crash_problem "'$lock' went unreported"
			elif ! grep -q "if none is running, remove '$lock'\$" "$TRASH/crash/err"; then
				crash_problem "unclear message for '$lock': $(cat "$TRASH/crash/err")"
			fi
		fi
		rm -f "$lock"
	done
	# The next tend finishes what a killed sync left between work tree
	# and branch; any command that takes the lock will do.
	tend -C "$J" resent raise no-such-entry >/dev/null 2>&1
	tmp=$(find "$J" -name '*.tmp-??????' | wc -l)
	if [ "$tmp" != 0 ]; then
		n_tmp=$((n_tmp + 1))
		find "$J" -name '*.tmp-??????' -exec rm -f {} +
	fi
	for dir in "$J" "$P"; do
		if [ -n "$(git -C "$dir" status --porcelain 2>/dev/null)" ]; then
			n_uncommitted=$((n_uncommitted + 1))
			git -C "$dir" add -A &&
			git -C "$dir" commit -q -m "keep what a killed tend left" \
			    >/dev/null 2>&1 ||
			    crash_problem "cannot commit the leftovers in $dir"
		fi
	done
}

crash_verify() {
	for dir in "$J" "$P" "$R"; do
		[ -d "$dir" ] || continue
		if ! git -C "$dir" fsck --full --no-progress >/dev/null 2>"$TRASH/crash/fsck"; then
			n_fsck=$((n_fsck + 1))
			crash_problem "git fsck --full failed in $dir: $(head -n 3 "$TRASH/crash/fsck")"
		fi
	done
	git -C "$J" ls-tree -r HEAD | awk '{ print "j", $4, $3 }' >"$TRASH/crash/have"
	git -C "$P" ls-tree -r HEAD 2>/dev/null | awk '{ print "p", $4, $3 }' >>"$TRASH/crash/have"
	git -C "$S" ls-tree -r HEAD | awk '{ print "s", $4, $3 }' >>"$TRASH/crash/have"
	sort -o "$TRASH/crash/have" "$TRASH/crash/have"
	sort "$TRASH/crash/expect" | comm -23 - "$TRASH/crash/have" >"$TRASH/crash/lost"
	if [ -s "$TRASH/crash/lost" ]; then
		n_lost=$((n_lost + $(wc -l <"$TRASH/crash/lost")))
		crash_problem "lost: $(head -n 3 "$TRASH/crash/lost" | tr '\n' ' ')"
		# Each loss is counted once.
		sort "$TRASH/crash/expect" | comm -12 - "$TRASH/crash/have" >"$TRASH/crash/expect.new"
		mv "$TRASH/crash/expect.new" "$TRASH/crash/expect"
	fi
}

crash_op_checkin() {
	day=$(date -u -d "2000-01-01 + $trial days" +%Y-%m-%d)
	crash_kill "$1" tend -C "$J" checkin $all_pillars \
	    -a "Appreciation $trial" -n "Need $trial" --date "$day"
	if [ $status = 0 ]; then
		crash_expect j "$(crash_path_of "$J" "$(cat "$TRASH/crash/out")")"
	fi
}

crash_op_reflect() {
	# One name serves 99 entries a day: the prompts take turns.
	prompt=$(tend -C "$J" reflect --prompts | awk -v n=$trial \
	    '{ p[NR] = $1 } END { print p[n % NR + 1] }')
	crash_kill "$1" tend -C "$J" reflect -p "$prompt" \
	    -m "Reflection number $trial, in full."
	if [ $status = 0 ]; then
		crash_expect p "$(crash_path_of "$P" "$(cat "$TRASH/crash/out")")"
	fi
}

crash_op_raise() {
	id=$(tend -C "$J" resent -k hurt -m "Resentment $trial." "Trial $trial") ||
	    { crash_problem "cannot write a resentment to raise"; return; }
	old=$(crash_path_of "$P" "$id")
	crash_expect p "$old"
	crash_kill "$1" tend -C "$J" resent raise "$id"
	crash_leftovers
	new=$(crash_path_of "$J" "$id")
	if [ $status = 0 ] || { [ -n "$new" ] && [ -z "$(crash_path_of "$P" "$id")" ]; }; then
		[ -n "$new" ] || { crash_problem "raised '$id' is not in the journal"; return; }
		git -C "$J" show "HEAD:$new" | grep -q '^state: raised$' ||
		    crash_problem "raised '$id' is not marked raised"
		crash_forget p "$old"
		crash_expect j "$new"
	elif [ -n "$new" ]; then
		# Killed between its two commits: in both stores, both whole;
		# the next raise or sync finishes the move.
		n_both=$((n_both + 1))
		git -C "$J" show "HEAD:$new" | grep -q '^state: raised$' ||
		    crash_problem "half-raised '$id' is not marked raised"
		crash_forget p "$old"
		crash_expect j "$new"
	fi
}

crash_op_agree() {
	crash_kill "$1" tend -C "$J" agree edit rota -m "- Clause of trial $trial."
	crash_leftovers
	blob=$(git -C "$J" rev-parse HEAD:agree/rota.md)
	if [ $status = 0 ]; then
		git -C "$J" show HEAD:agree/rota.md | grep -q "^- Clause of trial $trial\.\$" ||
		    crash_problem "the edit that succeeded is not the current text"
		crash_expect j agree/rota.md
	elif ! grep -q "^j agree/rota.md $blob\$" "$TRASH/crash/expect"; then
		# Killed: the old text whole, or the new one whole.
		git -C "$J" show HEAD:agree/rota.md | grep -q "^- Clause of trial $trial\.\$" ||
		    crash_problem "agree/rota.md is neither the old nor the new text"
		crash_expect j agree/rota.md
	fi
}

crash_op_sync() {
	# Something to take in (and merge) and something to push.
	day=$(date -u -d "2000-01-01 + $trial days" +%Y-%m-%d)
	id=$(tend -C "$S" checkin $all_pillars --date "$day") &&
	tend -C "$S" sync >/dev/null 2>"$TRASH/crash/err" ||
	    crash_problem "Sam cannot sync: $(cat "$TRASH/crash/err")"
	crash_expect s "$(crash_path_of "$S" "$id")"
	echo "$(crash_path_of "$S" "$id")" >>"$TRASH/crash/sams"
	id=$(tend -C "$J" checkin $all_pillars -a "Before sync $trial" \
	    -n "Need $trial" --date "$day") ||
	    crash_problem "cannot check in before the sync"
	crash_expect j "$(crash_path_of "$J" "$id")"
	crash_kill "$1" tend -C "$J" sync
}

# crash_run TRIALS [SEED]
crash_run() {
	trials=$1
	seed=${2:-$(date +%s)}
	crash_problems=0 n_killed=0 n_done=0 n_stale=0 n_gitlock=0 n_tmp=0
	n_uncommitted=0 n_fsck=0 n_lost=0 n_both=0
	: >"$TRASH/problems"
	crash_setup || { echo "setup failed" >>"$TRASH/problems"; return 1; }
	: >"$TRASH/crash/sams"
	# Operation and delay (in microseconds) of each trial, from SEED.
	perl -e 'srand($ARGV[0]); for (1 .. $ARGV[1]) {
		my $op = int(rand(5));
		my $max = $op == 4 ? 150000 : 60000;
		printf "%d %d\n", $op, int(rand($max));
	}' "$seed" "$trials" >"$TRASH/crash/plan"
	trial=0
	while read -r opn delay; do
		trial=$((trial + 1))
		case $opn in
		0) op=checkin ;; 1) op=reflect ;; 2) op=raise ;; 3) op=agree ;;
		4) op=sync ;;
		esac
		eval "n_op_$op=\$((\${n_op_$op:-0} + 1))"
		crash_op_$op "$delay"
		if [ $killed = 1 ]; then
			n_killed=$((n_killed + 1))
			eval "n_killed_$op=\$((\${n_killed_$op:-0} + 1))"
		else
			n_done=$((n_done + 1))
		fi
		crash_leftovers
		crash_verify
	done <"$TRASH/crash/plan"
	# Both sides sync unhindered: all of Sam's entries reach Alex.
	op=final
	tend -C "$S" sync >/dev/null 2>&1
	tend -C "$J" sync >/dev/null 2>"$TRASH/crash/err" ||
	    crash_problem "the last sync failed: $(cat "$TRASH/crash/err")"
	tend -C "$S" sync >/dev/null 2>&1
	while read -r path; do
		[ -z "$path" ] && continue
		git -C "$J" cat-file -e "HEAD:$path" 2>/dev/null ||
		    crash_problem "Sam's '$path' never reached Alex"
	done <"$TRASH/crash/sams"
	test "$(git -C "$J" rev-parse HEAD^{tree})" = "$(git -C "$S" rev-parse HEAD^{tree})" ||
	    crash_problem "Alex and Sam differ after the last sync"
	crash_verify
	# Byte for byte against the copies kept when each command succeeded.
	while read -r store path blob; do
		case $store in j) dir=$J ;; p) dir=$P ;; s) dir=$S ;; esac
		git -C "$dir" show "HEAD:$path" | cmp -s - "$TRASH/crash/copies/$blob" ||
		    crash_problem "$store:$path differs from the copy kept"
	done <"$TRASH/crash/expect"
	{
		echo "seed $seed"
		echo "trials $trials (checkin ${n_op_checkin:-0}, reflect ${n_op_reflect:-0}, resent raise ${n_op_raise:-0}, agree edit ${n_op_agree:-0}, sync ${n_op_sync:-0})"
		echo "killed mid-command $n_killed (checkin ${n_killed_checkin:-0}, reflect ${n_killed_reflect:-0}, resent raise ${n_killed_raise:-0}, agree edit ${n_killed_agree:-0}, sync ${n_killed_sync:-0}); finished before the kill $n_done"
		echo "left behind: stale tend lock $n_stale (each taken over by the next tend, which said so), git lock file $n_gitlock, temporary file $n_tmp, uncommitted change $n_uncommitted, resentment in both stores $n_both"
		echo "entries expected at the end $(wc -l <"$TRASH/crash/expect")"
		echo "fsck failures $n_fsck, lost entries $n_lost, problems $crash_problems"
	} >"$TRASH/figures"
	[ "$crash_problems" = 0 ]
}

# The private store is made by the first private write: kill that one at
# random moments, N times, each on a fresh journal.  The next private
# write must work, after clearing what the messages name.  The figures go
# to $TRASH/first-figures.
crash_private_first() {
	n=0 fp_killed=0 fp_locks=0 fp_bad=0
	make_journal "$TRASH/first-base" || return 1
	while [ $n -lt "$1" ]; do
		n=$((n + 1))
		rm -rf "$TRASH/first" && cp -a "$TRASH/first-base" "$TRASH/first"
		delay=$(perl -e 'srand($ARGV[0]); print int(rand(40000))' "$n$2")
		$KILL_AFTER "$delay" tend -C "$TRASH/first" reflect -m "First." \
		    >/dev/null 2>&1 && continue
		fp_killed=$((fp_killed + 1))
		# A tend lock it left is taken over by the next write.
		if ! tend -C "$TRASH/first" reflect -m "Second." >/dev/null 2>"$TRASH/err"; then
			lock=$(sed -n "s/.*if none is running, remove '\(.*\.lock\)'\$/\1/p" "$TRASH/err")
			if [ -z "$lock" ]; then
				fp_bad=$((fp_bad + 1))
				echo "first private write $n: $(cat "$TRASH/err")" >>"$TRASH/problems"
				continue
			fi
			fp_locks=$((fp_locks + 1))
			rm -f "$lock"
			tend -C "$TRASH/first" reflect -m "Second." >/dev/null 2>"$TRASH/err" || {
				fp_bad=$((fp_bad + 1))
				echo "first private write $n, after removing '$lock': $(cat "$TRASH/err")" >>"$TRASH/problems"
				continue
			}
		fi
		git -C "$TRASH/first/.git/tend/private" fsck --full >/dev/null 2>&1 || {
			fp_bad=$((fp_bad + 1))
			echo "first private write $n: fsck failed" >>"$TRASH/problems"
		}
	done
	echo "first private writes $1: killed $fp_killed, a git lock file to remove $fp_locks, failures $fp_bad" >"$TRASH/first-figures"
	[ "$fp_bad" = 0 ]
}
