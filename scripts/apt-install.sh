#!/usr/bin/env bash
# Installs Debian packages for the set-up scripts (ensure-python-requests.sh, the docs'
# ensure-browser.sh): as root directly, else through password-less sudo; says what to install by
# hand when neither works. Usage: apt-install.sh WHO PACKAGE...
set -euo pipefail
who=$1
shift
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  sudo=(sudo -n)
else
  echo "$who: need $* but not root and no sudo; install them with apt-get install $*." >&2
  exit 1
fi
echo "$who: installing $* with apt-get"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "$@" >/dev/null
