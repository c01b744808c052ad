#!/usr/bin/env bash
# Closed-loop load test in two processes: CLIENTS concurrent clients (100 by
# default) each submitting reports one after another, N in all (5000), with
# `truce loadtest --url` against a fresh `truce serve` (its own temporary
# database) on loopback; prints the latency table. The load tool runs in its
# own process so that its CPU is not the server's (on one machine both still
# share its cores). TRUCE_SERVER=PATH serves with another truce binary (an
# older build, to compare). Usage: scripts/loadtest-closed.sh [CLIENTS] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-100}"
n="${2:-5000}"
. scripts/lib/fresh-serve.sh
build_truce
start_serve --log-level warn
token="$("$dir/truce" token create --db "$dir/truce.db" --user load-analyst --role analyst | tail -n 1)"
run_load "$token" --clients "$clients" -n "$n"
