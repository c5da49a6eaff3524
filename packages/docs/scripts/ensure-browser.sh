#!/usr/bin/env bash
# Installs what the docs browser test needs, from Debian's packages: Chromium at /usr/bin/chromium
# (driven by playwright-core; never a browser download), a CJK font (fonts-wqy-microhei), without
# which Chinese renders as boxes, and fontconfig's fc-list, with which the test finds the fonts
# that cover Chinese. Idempotent: quiet and quick when all are there.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q 'install ok installed' || need+=(fonts-wqy-microhei)
if [ "${#need[@]}" -eq 0 ]; then
  exit 0
fi

bash "$(dirname "$0")/../../../scripts/apt-install.sh" ensure-browser "${need[@]}"
if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-browser: /usr/bin/chromium is still missing after the install" >&2
  exit 1
fi
echo "ensure-browser: installed ${need[*]}"
