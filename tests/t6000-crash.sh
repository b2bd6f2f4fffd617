#!/bin/sh
# SIGKILL at random moments of writes: nothing lost, nothing broken, a
# stale lock taken over by the next tend, which says so.  make stress runs
# 1,000 trials.
. "$(dirname "$0")/lib.sh"
. "$SRC_DIR/tests/stress/crash-trials.sh"

test_expect_success "${CRASH_TRIALS:-20} kill trials: fsck clean, no entry lost" '
	crash_run ${CRASH_TRIALS:-20} ${CRASH_SEED:-} ||
	{ cat "$TRASH/problems" "$TRASH/figures"; false; }
'
sed "s/^/# /" "$TRASH/figures"

test_expect_success "the first private write, killed: the next one works" '
	: >"$TRASH/problems" &&
	crash_private_first 10 ${CRASH_SEED:-} ||
	{ cat "$TRASH/problems"; false; }
'
echo "# $(cat "$TRASH/first-figures" 2>/dev/null)"

test_done
