#!/usr/bin/env bash
# Installs Debian's redis-server for the queue tests when it is missing (the tests start their own
# server on 127.0.0.1 with a free port and a temporary folder; nothing is started here).
# Waits up to 5 minutes for a dpkg/apt lock held by another installer instead of failing.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-redis: redis-server is missing and this user cannot install it (not root, no sudo): apt-get install redis-server" >&2
    exit 1
  fi
fi
echo "ensure-redis: installing Debian's redis-server with apt-get"
LOCK=(-o DPkg::Lock::Timeout=300)
$SUDO apt-get "${LOCK[@]}" update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${LOCK[@]}" install -y -qq --no-install-recommends redis-server >/dev/null
# Debian's package starts a system service on 6379; the tests do not use it.
command -v redis-server >/dev/null
