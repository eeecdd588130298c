#!/usr/bin/env bash
# GET /api/v1/lots/ID (API token) under wrk on loopback, against GET /api/v1/health (a bare handler) in
# the same run as the reference. Bounded: 2 x 10 s, loopback only.
#   bench/http_bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
tmp=$(mktemp -d)
pid=""
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
build/exoclinic --db "$tmp/bench.db" demo >/dev/null
head -c 24 /dev/urandom | base64 | build/exoclinic --db "$tmp/bench.db" user add bench.reader --role nurse --display-name "bench reader" >/dev/null
token=$(build/exoclinic --db "$tmp/bench.db" token create bench.reader --name wrk | tail -n 1)
build/exoclinic --db "$tmp/bench.db" serve --port 18089 >/dev/null &
pid=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:18089/api/v1/health >/dev/null 2>&1 && break; sleep 0.1; done
echo "== reference: GET /api/v1/health"
wrk -t2 -c8 -d"${secs}s" --latency http://127.0.0.1:18089/api/v1/health | grep -E "Requests/sec|50%|99%"
echo "== GET /api/v1/lots/1 (lot, events, certificate, QC report)"
wrk -t2 -c8 -d"${secs}s" --latency -H "Authorization: Bearer $token" http://127.0.0.1:18089/api/v1/lots/1 | grep -E "Requests/sec|50%|99%"
