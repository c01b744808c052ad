#!/usr/bin/env bash
# Rebuilds the dashboard's committed assets (web/dist) from web/src with the
# npm registry's esbuild and maplibre-gl, pinned by package-lock.json.
# Commit web/dist afterwards: `go run ./cmd/truce serve` embeds it and needs no npm.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
node build.mjs
