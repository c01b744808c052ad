#!/usr/bin/env bash
# Load test: 200 report submissions per second for 60 s on loopback against a
# fresh `truce serve` (its own temporary database), then checks nothing was
# lost. Usage: scripts/loadtest.sh [RATE] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-200}"
duration="${2:-60s}"
. scripts/lib/fresh-serve.sh
build_truce
go build -o "$dir/loadtest" ./cmd/loadtest
start_serve
token="$("$dir/truce" token create --db "$dir/truce.db" --user load-monitor --role monitor | tail -n 1)"
"$dir/loadtest" --url "http://127.0.0.1:$port" --token "$token" --rate "$rate" --duration "$duration"
