#!/usr/bin/env bash
# Installs GDAL's command-line tools (Debian gdal-bin): the OGC API -
# Features test (ogc/) reads a running Truce with ogrinfo's OAPIF driver.
# Idempotent; run as root on Debian 12.
set -euo pipefail
if command -v ogrinfo >/dev/null 2>&1 && ogrinfo --formats 2>/dev/null | grep -q OAPIF; then
	echo "ogrinfo with OAPIF present: $(ogrinfo --version)"
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends gdal-bin
ogrinfo --formats | grep -q OAPIF || { echo "ogrinfo lacks the OAPIF driver" >&2; exit 1; }
echo "installed $(ogrinfo --version)"
