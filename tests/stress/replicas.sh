#!/bin/sh
# make stress: STRESS_SCENARIOS (1,000) two-replica sync scenarios;
# STRESS_SEED repeats a run.
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC_DIR/tests/lib.sh"
. "$SRC_DIR/tests/stress/replica-scenarios.sh"

test_expect_success "${STRESS_SCENARIOS:-1000} sync scenarios: nothing lost, fsck clean" '
	replica_run ${STRESS_SCENARIOS:-1000} ${STRESS_SEED:-} ||
	{ cat "$TRASH/problems" "$TRASH/figures"; false; }
'
sed "s/^/# /" "$TRASH/figures"

test_done
