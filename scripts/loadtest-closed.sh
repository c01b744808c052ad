#!/usr/bin/env bash
# Closed-loop load test in two processes: CLIENTS concurrent clients (100 by
# default) each submitting reports one after another, N in all (5000), with
# `truce loadtest --url` against a fresh `truce serve` (its own temporary
# database) on loopback; prints the latency table. The load tool runs in its
# own process so that its CPU is not the server's (on one machine both still
# share its cores). Usage: scripts/loadtest-closed.sh [CLIENTS] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-100}"
n="${2:-5000}"
dir="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
echo "work dir: $dir" >&2
go build -o "$dir/truce" ./cmd/truce
port=$(( 20000 + RANDOM % 20000 ))
token="$("$dir/truce" token create --db "$dir/truce.db" --user load-analyst --role analyst | tail -n 1)"
"$dir/truce" serve --db "$dir/truce.db" --addr "127.0.0.1:$port" --examples=false --log-level warn 2>"$dir/serve.log" &
pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
if ! curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; then
	# Measuring against no server would report every request as a client error.
	echo "truce serve did not answer on 127.0.0.1:$port within 30 s; its log:" >&2
	tail -n 20 "$dir/serve.log" >&2
	exit 1
fi
"$dir/truce" loadtest --url "http://127.0.0.1:$port" --token "$token" --clients "$clients" -n "$n"
