#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's real-browser tests (web/browser_test.go).
# Idempotent and non-interactive; downloads no browser build of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
	echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || true)"
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version || true
