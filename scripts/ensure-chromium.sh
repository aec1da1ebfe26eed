#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing (Playwright never downloads one).
# Waits up to 5 minutes for a dpkg/apt lock held by another installer instead of failing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: chromium is missing and this user cannot install it (not root, no sudo): apt-get install chromium" >&2
    exit 1
  fi
fi
echo "ensure-chromium: installing Debian's chromium with apt-get"
LOCK=(-o DPkg::Lock::Timeout=300)
$SUDO apt-get "${LOCK[@]}" update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${LOCK[@]}" install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null
