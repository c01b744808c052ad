# Sourced by the load-test scripts: builds truce into a new temporary folder
# and starts `truce serve` there on a fresh database (no example reports:
# the scripts count every stored report as theirs) on a random loopback
# port. Sets dir, port and pid; removes the folder and stops the server on
# exit (KEEP=1 keeps the folder). Call build_truce, then start_serve [ARGS].
# TRUCE_SERVER=PATH serves with that truce binary instead of the build (an
# older one, to compare); the load tool is always the build.

dir="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
echo "work dir: $dir" >&2

build_truce() {
	go build -o "$dir/truce" ./cmd/truce
}

start_serve() {
	port=$(( 20000 + RANDOM % 20000 ))
	"${TRUCE_SERVER:-$dir/truce}" serve --db "$dir/truce.db" --addr "127.0.0.1:$port" --examples=false "$@" 2>"$dir/serve.log" &
	pid=$!
	for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && return 0; sleep 0.1; done
	# Measuring against no server would report every request as a client error.
	echo "truce serve did not answer on 127.0.0.1:$port within 30 s; its log:" >&2
	tail -n 20 "$dir/serve.log" >&2
	exit 1
}
