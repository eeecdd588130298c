#!/usr/bin/env bash
# Load (issue #16): wrk at 8, 64 and 256 connections on a read endpoint (GET /api/v1/lots/1)
# and a write endpoint (POST /api/v1/patients), each authenticated by an API token; then the
# read at 8 connections while 4 connections register patients (reads beside changes). Every run
# must end with 0 socket errors, 0 timeouts and 0 non-2xx answers; then the server stops and
# the database must pass PRAGMA integrity_check and `audit verify`, and hold exactly as many
# patients as the server acknowledged with 201. Prints the table for bench/RESULTS.md.
#   bench/load_bench.sh [seconds per run]      (default 10; loopback only)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
port=18093
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
exo() { build/exoclinic --db "$tmp/load.db" "$@"; }
exo demo >/dev/null
head -c 24 /dev/urandom | base64 | exo user add load.desk --role reception --display-name "負荷 受付" >/dev/null
head -c 24 /dev/urandom | base64 | exo user add load.nurse --role nurse --display-name "負荷 看護師" >/dev/null
writer=$(exo token create load.desk --name wrk-write | tail -n 1)
reader=$(exo token create load.nurse --name wrk-read | tail -n 1)
before=$(sqlite3 "$tmp/load.db" "SELECT count(*) FROM patients")
# wrk's 256 connections all come from 127.0.0.1: the per-address cap must allow them.
# Not through exo(): $! must be the server itself, not a subshell, for the kill below.
build/exoclinic --db "$tmp/load.db" serve --port "$port" --public-url https://clinic.example.jp \
  --max-connections-per-address 1024 >/dev/null &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null || { echo "FAIL: the server did not start (port $port in use?)"; exit 1; }

# Each request a new patient; counts the 201s per thread and prints their sum.
cat >"$tmp/write.lua" <<'LUA'
local threads = {}
local n = 0
function setup(thread)
  n = n + 1
  thread:set("tid", n)
  table.insert(threads, thread)
end
function init(args)
  created = 0
  count = 0
end
function request()
  count = count + 1
  -- Birth dates spread over 70 years, as a clinic's are; a namesake on the same date is
  -- confirmed as someone else (the likely-duplicate check, issue #13).
  local born = os.date("!%Y-%m-%d", -946771200 + ((tid * 7919 + count) % 25000) * 86400)
  local body = string.format('{"name_kanji": "負荷 %d-%d", "name_kana": "フカ", ' ..
    '"birth_date": "%s", "sex": "female", "phone": "03-0000-0000", "weight_kg": 60, ' ..
    '"confirmed_distinct": true}', tid, count, born)
  -- wrk.format replaces wrk.headers (the -H Authorization) when given a table: copy them.
  local headers = {["Content-Type"] = "application/json"}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("POST", "/api/v1/patients", headers, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("created") end
  io.write(string.format("created %d\n", total))
end
LUA

errors=0
acknowledged=0
echo "| endpoint | connections | requests/s | p50 | p99 | errors | timeouts | non-2xx |"
echo "|---|---|---|---|---|---|---|---|"
run() {  # endpoint-label connections wrk-args...
  local label=$1 conns=$2
  shift 2
  local out
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency "$@")
  local rps p50 p99 sock tmo non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8}' <<<"$out")
  tmo=$(awk '/Socket errors/ {print $10}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  sock=${sock:-0} tmo=${tmo:-0} non2xx=${non2xx:-0}
  errors=$((errors + sock + tmo + non2xx))
  local made
  made=$(awk '/^created/ {print $2}' <<<"$out")
  acknowledged=$((acknowledged + ${made:-0}))
  echo "| $label | $conns | $rps | $p50 | $p99 | $sock | $tmo | $non2xx |"
}
for c in 8 64 256; do
  run "GET /api/v1/lots/1" "$c" -H "Authorization: Bearer $reader" "http://127.0.0.1:$port/api/v1/lots/1"
done
for c in 8 64 256; do
  run "POST /api/v1/patients" "$c" -H "Authorization: Bearer $writer" -s "$tmp/write.lua" \
    "http://127.0.0.1:$port/api/v1/patients"
done
# Reads while changes stream in: the lot read at 8 connections beside registrations at 4.
wrk -t1 -c4 -d"${secs}s" --timeout 10s --latency -s "$tmp/write.lua" -H "Authorization: Bearer $writer" \
  "http://127.0.0.1:$port/api/v1/patients" >"$tmp/beside.txt" &
beside=$!
run "GET /api/v1/lots/1 beside 4 writers" 8 -H "Authorization: Bearer $reader" \
  "http://127.0.0.1:$port/api/v1/lots/1"
wait "$beside"
out=$(cat "$tmp/beside.txt")
sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
errors=$((errors + ${sock:-0} + ${non2xx:-0}))
made=$(awk '/^created/ {print $2}' <<<"$out")
acknowledged=$((acknowledged + ${made:-0}))
echo "| POST /api/v1/patients beside the reads | 4 | $(awk '/Requests\/sec/ {print $2}' <<<"$out") | $(awk '$1 == "50%" {print $2}' <<<"$out") | $(awk '$1 == "99%" {print $2}' <<<"$out") | ${sock:-0} | — | ${non2xx:-0} |"
stop_started=$(date +%s.%N)
kill "$pid"
wait "$pid" 2>/dev/null || true
echo "server stopped $(echo "$(date +%s.%N) - $stop_started" | bc) s after SIGTERM"
pid=""

stored=$(( $(sqlite3 "$tmp/load.db" "SELECT count(*) FROM patients") - before ))
integrity=$(sqlite3 "$tmp/load.db" "PRAGMA integrity_check")
echo
echo "acknowledged 201: $acknowledged, patients stored: $stored, integrity_check: $integrity"
exo audit verify
[ "$errors" -eq 0 ] || { echo "FAIL: $errors errors, timeouts or non-2xx answers"; exit 1; }
# Requests still in flight when wrk stops (at most one per connection: 8 + 64 + 256 + 4) may be
# stored without wrk reading their 201; an acknowledged patient missing is a failure.
[ "$stored" -ge "$acknowledged" ] || { echo "FAIL: stored $stored < acknowledged $acknowledged"; exit 1; }
[ "$stored" -le $((acknowledged + 332)) ] || { echo "FAIL: stored $stored > acknowledged $acknowledged + 332 in flight"; exit 1; }
[ "$integrity" = "ok" ] || { echo "FAIL: integrity_check"; exit 1; }
echo "OK"
