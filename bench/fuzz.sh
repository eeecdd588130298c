#!/usr/bin/env bash
# Runs every fuzz target for longer than the test suite does (default 600 s each), one after
# another, in build-asan/ (scripts/sanitize.sh builds it). Corpora grow in
# build-asan/fuzz-corpus/<target>; crashes land in build-asan/fuzz-findings/ and make the run
# fail. Copy a crash to tests/data/fuzz/<target>/ (the ordinary suite replays it) and fix it.
#   bench/fuzz.sh [seconds-per-target] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(certificate intake patient plan session measurement
                                      adverse_event questionnaire csv formula rules http)
[ -d build-asan ] || EXO_FUZZ_SECONDS=1 scripts/sanitize.sh >/dev/null
cmake --build build-asan -j"${EXO_JOBS:-2}" >/dev/null
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0"
status=0
for t in "${targets[@]}"; do
  leaks=1
  [ "$t" = http ] && leaks=0
  mkdir -p "build-asan/fuzz-corpus/$t" build-asan/fuzz-findings
  echo "== fuzz_$t: ${secs} s"
  if ! build-asan/fuzz/fuzz_"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -detect_leaks=$leaks -print_final_stats=1 \
       -artifact_prefix="build-asan/fuzz-findings/$t-" "build-asan/fuzz-corpus/$t" \
       "fuzz/corpus/$t" "tests/data/fuzz/$t" 2>"build-asan/fuzz-findings/$t.log"; then
    echo "   CRASH: see build-asan/fuzz-findings/$t.log"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-asan/fuzz-findings/$t.log" | tr '\n' ' '
  echo
done
exit $status
