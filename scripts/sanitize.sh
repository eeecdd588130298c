#!/usr/bin/env bash
# The sanitizer pass of the test command (issue #16): a second build in build-asan/ with
# Debian's clang 14, ASan and UBSan (and libFuzzer's coverage), then
#   1. the unit-test suite under the sanitizers (not the browser, R, package and process-level
#      operations tests: they test the same code through slower paths), and
#   2. every fuzz target for EXO_FUZZ_SECONDS (default 4) seconds (ctest label "fuzz").
# A crash a fuzzer finds is written to build-asan/fuzz-findings/; add it under
# tests/data/fuzz/<target>/ so the ordinary suite replays it, and fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
jobs="${EXO_JOBS:-$(nproc)}"
started=$(date +%s)

CC=clang-14 CXX=clang++-14 cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DEXO_FUZZ=ON -DEXO_WERROR=OFF -DEXO_FUZZ_SECONDS="${EXO_FUZZ_SECONDS:-4}" >/dev/null
cmake --build build-asan -j"$jobs"
built=$(date +%s)

cd build-asan
export ASAN_OPTIONS="detect_stack_use_after_return=1:strict_string_checks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/../scripts/lsan-suppressions.txt:print_suppressions=0"
# Not here: the browser, R, README, package, nginx and process-level tests (the same code through
# slower paths), and the latency probes of HttpLimitsTest (p99 limits meant for the real build).
ctest -j"$jobs" --timeout 900 --output-on-failure -LE fuzz \
  -E '^(web_.*|readme_walkthrough|lme4_reference|debian_package|ops_.*|Lme4Reference\..*|Cases/Lme4Agreement\..*|HttpLimitsTest\..*|NginxProxyTest\..*)$'
tested=$(date +%s)
ctest -j"$jobs" --output-on-failure -L fuzz
ended=$(date +%s)
echo "sanitize: build $((built - started)) s, unit tests $((tested - built)) s," \
     "fuzzing $((ended - tested)) s, total $((ended - started)) s" >&2
