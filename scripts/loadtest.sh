#!/usr/bin/env bash
# Open-loop load test: RATE report submissions a second in all (200 by
# default) for DURATION (60s), each sent on schedule whether or not earlier
# ones were answered and timed from its scheduled send, with `truce loadtest
# --url --rate` against a fresh `truce serve` (its own temporary database)
# on loopback, in its own process; prints the latency table and checks that
# every acknowledged report reads back. CLIENTS (100) is how many clients'
# schedules the rate is spread over. TRUCE_SERVER=PATH serves with another
# truce binary (an older build, to compare). Usage:
# scripts/loadtest.sh [RATE] [DURATION] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-200}"
duration="${2:-60s}"
clients="${3:-100}"
. scripts/lib/fresh-serve.sh
build_truce
start_serve --log-level warn
token="$("$dir/truce" token create --db "$dir/truce.db" --user load-monitor --role monitor | tail -n 1)"
run_load "$token" --clients "$clients" --rate "$rate" --duration "$duration"
