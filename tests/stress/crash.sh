#!/bin/sh
# make stress: STRESS_TRIALS (1,000) kill trials; STRESS_SEED repeats a run.
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC_DIR/tests/lib.sh"
. "$SRC_DIR/tests/stress/crash-trials.sh"

test_expect_success "${STRESS_TRIALS:-1000} kill trials: fsck clean, no entry lost" '
	crash_run ${STRESS_TRIALS:-1000} ${STRESS_SEED:-} ||
	{ cat "$TRASH/problems" "$TRASH/figures"; false; }
'
sed "s/^/# /" "$TRASH/figures"

test_expect_success "the first private write, killed: the next one works" '
	: >"$TRASH/problems" &&
	crash_private_first $(( ${STRESS_TRIALS:-1000} / 5 )) ${STRESS_SEED:-} ||
	{ cat "$TRASH/problems"; false; }
'
echo "# $(cat "$TRASH/first-figures" 2>/dev/null)"

test_done
