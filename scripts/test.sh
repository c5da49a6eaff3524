#!/usr/bin/env bash
# The whole test suite on a fresh or a used machine: set-up, then lint and tests of every package
# through turbo, then one summary of what ran. Exits non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export TURBO_TELEMETRY_DISABLED=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
rm -rf spec/test-results packages/*/test-results
pnpm exec turbo run lint test --continue
status=$?
node scripts/ci-summary.mjs "$status"
