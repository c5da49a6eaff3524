#!/usr/bin/env bash
# Installs what the conformance suite's Python driver needs, from Debian's packages: the system
# interpreter /usr/bin/python3 with python3-requests, the only dependency of JD Cloud's official
# Python SDK. The suite runs /usr/bin/python3 by its path, never the first python3 on PATH (which
# may be another interpreter with its own packages). Idempotent: quiet when requests imports.
set -euo pipefail

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import requests' >/dev/null 2>&1; then
  exit 0
fi

need=(python3-requests)
[ -x /usr/bin/python3 ] || need=(python3 python3-requests)

bash "$(dirname "$0")/apt-install.sh" ensure-python-requests "${need[@]}"
if ! /usr/bin/python3 -c 'import requests' >/dev/null 2>&1; then
  echo "ensure-python-requests: /usr/bin/python3 still cannot import requests after the install" >&2
  exit 1
fi
echo "ensure-python-requests: installed ${need[*]}"
