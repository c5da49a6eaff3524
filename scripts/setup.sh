#!/usr/bin/env bash
# Brings a fresh machine (Node 20 and npm only) to the point where the project builds, runs and
# tests: pnpm at the pinned version, the locked dependencies, (unless --no-browser) Debian's
# chromium and a CJK font for the docs' browser test, and, where the shared folder holds JD Cloud's
# Python SDK, Debian's python3-requests for the conformance suite's Python driver. Safe to run
# again: each step is skipped when it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) want_browser=0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

export TURBO_TELEMETRY_DISABLED=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "setup: installing pnpm $pnpm_version"
  npm install --global --silent "pnpm@$pnpm_version"
fi

if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  pnpm install --frozen-lockfile --reporter=append-only
fi

if [ "$want_browser" = 1 ] && [ -x packages/docs/scripts/ensure-browser.sh ]; then
  packages/docs/scripts/ensure-browser.sh
fi

# The conformance suite drives ../shared/vendor/jdcloud-sdk-python with /usr/bin/python3; without
# the shared folder that part is skipped, so there is nothing to install. A failure here is not
# fatal: the suite then says why its Python part cannot run (and fails in CI, where it must).
if [ -d ../shared/vendor/jdcloud-sdk-python ]; then
  bash scripts/ensure-python-requests.sh || echo "setup: the conformance suite's Python part will not run without python3-requests" >&2
fi
