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

# serve_cpu_ms prints the CPU time (user and system) the server has used, ms.
serve_cpu_ms() {
	local f
	read -r -a f <"/proc/$pid/stat"
	echo $(( (f[13] + f[14]) * 1000 / $(getconf CLK_TCK) ))
}

# run_load TOKEN ARGS... warms the server up (a report, which builds its
# judge), runs `truce loadtest --url --token TOKEN ARGS...` and prints the
# server's CPU time per acknowledged report during the run, before the tool
# reads the reports back (the tool prints its own).
run_load() {
	local token=$1 c0 c1 n rc=0
	shift
	"$dir/truce" loadtest --url "http://127.0.0.1:$port" --token "$token" -clients 1 -n 1 >/dev/null
	c0=$(serve_cpu_ms)
	# The table ends with its max line, before the tool reads reports back.
	"$dir/truce" loadtest --url "http://127.0.0.1:$port" --token "$token" "$@" | while IFS= read -r line; do
		printf '%s\n' "$line"
		printf '%s\n' "$line" >>"$dir/load.out"
		case $line in max*) serve_cpu_ms >"$dir/cpu.end" ;; esac
	done || rc=$?
	c1=$(cat "$dir/cpu.end" 2>/dev/null || serve_cpu_ms)
	n=$(awk '$1 == "201" { print $2 }' "$dir/load.out")
	[ "${n:-0}" -gt 0 ] && printf '%-12s %d µs/report (the server)\n' "server cpu" $(( (c1 - c0) * 1000 / n ))
	return $rc
}
