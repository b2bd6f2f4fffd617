#!/bin/sh
# Two replicas syncing at random, by tend and by the git CLI: no silent
# loss, every conflict kept whole.  make stress runs 1,000 scenarios.
. "$(dirname "$0")/lib.sh"
. "$SRC_DIR/tests/stress/replica-scenarios.sh"

test_expect_success "${REPLICA_SCENARIOS:-10} sync scenarios: nothing lost, fsck clean" '
	replica_run ${REPLICA_SCENARIOS:-10} ${REPLICA_SEED:-} ||
	{ cat "$TRASH/problems" "$TRASH/figures"; false; }
'
sed "s/^/# /" "$TRASH/figures"

test_done
