#!/usr/bin/env bash
# install-postgis.sh installs PostgreSQL 15 + PostGIS 3 from Debian packages and
# starts a private cluster on a local socket, for geo reference values and
# cmd/geobench. Idempotent: a second run reuses the packages, cluster and server.
#
# It prints the DSN on its last line, e.g.
#   postgres://postgres@/truce_geo?host=/tmp/truce-pg&port=54329
# Environment: TRUCE_PG_DIR (data dir, default /var/tmp/truce-pg),
# TRUCE_PG_SOCK (socket dir, default /tmp/truce-pg), TRUCE_PG_PORT (default 54329).
set -euo pipefail

DATA=${TRUCE_PG_DIR:-/var/tmp/truce-pg}
SOCK=${TRUCE_PG_SOCK:-/tmp/truce-pg}
PORT=${TRUCE_PG_PORT:-54329}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# postgresql-15-postgis-3 where the release has it, else the release's own pair.
	if apt-cache show postgresql-15-postgis-3 >/dev/null 2>&1; then
		apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 >/dev/null
	else
		apt-get install -y -qq postgresql postgresql-postgis >/dev/null
	fi
fi
BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")

# PostgreSQL refuses to run as root: run the cluster as the postgres user.
RUN=()
if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 || useradd -r -m postgres
	RUN=(runuser -u postgres --)
fi
mkdir -p "$DATA" "$SOCK"
[ "$(id -u)" = 0 ] && chown postgres "$DATA" "$SOCK"

if [ ! -f "$DATA/PG_VERSION" ]; then
	"${RUN[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null
fi
if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
	"${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
		-o "-k $SOCK -p $PORT -c listen_addresses='' -c max_parallel_workers_per_gather=2" start >/dev/null
fi
PSQL=(env PGOPTIONS=-cclient_min_messages=warning "$BIN/psql" -h "$SOCK" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
if [ "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname='truce_geo'")" != 1 ]; then
	"${PSQL[@]}" -d postgres -c "CREATE DATABASE truce_geo" >/dev/null
fi
"${PSQL[@]}" -d truce_geo -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
echo "postgres://postgres@/truce_geo?host=$SOCK&port=$PORT"
