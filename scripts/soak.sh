#!/usr/bin/env bash
# The mutation test of tests/mutation.rs, longer: damaged copies of every
# fixture and corpus file through the library's decoding, in the debug
# profile (debug assertions and overflow checks on, as in `cargo test`),
# each caught panic reported with the index that reproduces it.
#
#   scripts/soak.sh                 # 200000 inputs after the 15000 of cargo test
#   PATELLA_MUTATIONS=1000000 scripts/soak.sh
#   PATELLA_MUTATION_START=0 scripts/soak.sh
#
# Prints the counts (inputs, failures, seconds) and the commit, for
# docs/performance.md's Robustness section.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATELLA_MUTATIONS="${PATELLA_MUTATIONS:-200000}"
export PATELLA_MUTATION_START="${PATELLA_MUTATION_START:-15000}"
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo '+changes')"
started=$(date +%s)
set +e
cargo test --test mutation -- --nocapture 2>&1 | grep -E '^mutation:|^index |test result|panicked'
status=${PIPESTATUS[0]}
set -e
echo "soak: commit $commit, $(( $(date +%s) - started )) s wall clock including the build"
exit "$status"
