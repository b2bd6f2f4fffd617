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

test_done
