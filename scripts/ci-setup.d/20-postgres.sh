#!/usr/bin/env bash
# Installs Debian's PostgreSQL, starts a private cluster for the tests on
# 127.0.0.1:${TRUCE_PG_PORT:-54330} (data in /var/tmp/truce-ci-pg, owned by the
# postgres user), creates the database truce_test, and writes its DSN to
# .ci/postgres.env, which .ci/run sources so the store tests run on
# PostgreSQL too (TRUCE_TEST_POSTGRES). Idempotent; run as root on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/../.."

port="${TRUCE_PG_PORT:-54330}"
data=/var/tmp/truce-ci-pg
db=truce_test

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	apt-get install -y postgresql
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

as_pg() { runuser -u postgres -- "$@"; }

if [ ! -s "$data/PG_VERSION" ]; then
	mkdir -p "$data"
	chown postgres:postgres "$data"
	chmod 700 "$data"
	as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
	rm -f "$data/postmaster.pid"
	as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
		-o "-p $port -c listen_addresses=127.0.0.1 -k $data -c max_connections=200 -c fsync=on" start
fi

psql=("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA)
for _ in $(seq 1 30); do
	as_pg "${psql[@]}" -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break
	sleep 1
done
if [ "$(as_pg "${psql[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
	as_pg "${psql[@]}" -d postgres -c "CREATE DATABASE $db"
fi

mkdir -p .ci
dsn="postgres://postgres@127.0.0.1:$port/$db?sslmode=disable"
printf 'TRUCE_TEST_POSTGRES=%s\n' "$dsn" > .ci/postgres.env
echo "PostgreSQL ready: $dsn (written to .ci/postgres.env)"
