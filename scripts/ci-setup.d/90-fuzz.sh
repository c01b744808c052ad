#!/usr/bin/env bash
# Runs the fuzz targets briefly (5 s each, well under a minute in all)
# from their committed seed corpora (testdata/fuzz/): the checkpoint parser,
# proof-bundle and consistency verification, and report JSON.
set -euo pipefail
cd "$(dirname "$0")/../.."
t="${FUZZTIME:-5s}"
go test -run '^$' -fuzz '^FuzzCheckpoint$' -fuzztime "$t" ./tlog
go test -run '^$' -fuzz '^FuzzBundle$' -fuzztime "$t" ./tlog
go test -run '^$' -fuzz '^FuzzConsistency$' -fuzztime "$t" ./tlog
go test -run '^$' -fuzz '^FuzzReportJSON$' -fuzztime "$t" .
