#!/usr/bin/env bash
# Load test: 200 report submissions per second for 60 s on loopback against a
# fresh `truce serve` (its own temporary database), then checks nothing was
# lost. Usage: scripts/loadtest.sh [RATE] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-200}"
duration="${2:-60s}"
dir="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
echo "work dir: $dir" >&2
go build -o "$dir/truce" ./cmd/truce
go build -o "$dir/loadtest" ./cmd/loadtest
port=$(( 20000 + RANDOM % 20000 ))
"$dir/truce" serve --db "$dir/truce.db" --addr "127.0.0.1:$port" --examples=false 2>"$dir/serve.log" &
pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
if ! curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; then
	# Measuring against no server would report every request as a client error.
	echo "truce serve did not answer on 127.0.0.1:$port within 30 s; its log:" >&2
	tail -n 20 "$dir/serve.log" >&2
	exit 1
fi
token="$("$dir/truce" token create --db "$dir/truce.db" --user load-monitor --role monitor | tail -n 1)"
"$dir/loadtest" --url "http://127.0.0.1:$port" --token "$token" --rate "$rate" --duration "$duration"
