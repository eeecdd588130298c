#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: format, size and lint checks (C++ and web),
# the unit tests under ASan/UBSan and every fuzz target briefly (scripts/sanitize.sh, clang 14,
# build-asan/; EXO_SANITIZE=0 leaves this out), then the whole suite on the ordinary build (the
# fuzz targets replay their corpora there); ctest's summary comes last.
set -euo pipefail
cd "$(dirname "$0")/.."
# CI runs the whole command in 45 minutes on 2 cores. The sanitizer pass gets what is left of
# EXO_TIME_BUDGET (seconds from here; default 40 minutes) after keeping EXO_SUITE_RESERVE seconds
# (default 12 minutes) for the ordinary suite, and at most SANITIZE_TIMEOUT.
started=$(date +%s)
scripts/setup.sh
scripts/check-format.sh
# The web application: ESLint, the unit tests' type check and Prettier (web/package.json `lint`,
# packages from web/package-lock.json installed by setup.sh); a finding fails the run.
(cd web && npm run --silent lint)
scripts/check-size.sh
# Runs a check for at most SECONDS: a timeout is reported (the check finishes another time),
# a finding fails the run.
bounded() {
  local seconds=$1 script=$2 rc=0
  timeout "$seconds" "$script" || rc=$?
  if [ "$rc" -eq 124 ]; then
    echo "$(basename "$script" .sh): stopped after $seconds s; run $script to finish"
  elif [ "$rc" -ne 0 ]; then
    exit "$rc"
  fi
}
# clang-tidy on the files changed against origin/main (or HEAD~); `scripts/lint.sh --all`
# checks every file.
bounded "${LINT_TIMEOUT:-300}" scripts/lint.sh
# The sanitizer pass, on by default since it first ran green to the end (2026-12-03: 369 unit
# tests under ASan/UBSan in 118 s, 12 fuzz targets, with a warm build). CI runs the whole command
# in 45 minutes on 2 cores: the pass is bounded by SANITIZE_TIMEOUT (a cold clang build does not
# fit; it is cached by ccache and goes on next time). EXO_SANITIZE=0 leaves it out.
if [ "${EXO_SANITIZE:-1}" != 0 ]; then
  left=$(( ${EXO_TIME_BUDGET:-2400} - ($(date +%s) - started) - ${EXO_SUITE_RESERVE:-720} ))
  bound=$(( left < ${SANITIZE_TIMEOUT:-1200} ? left : ${SANITIZE_TIMEOUT:-1200} ))
  if [ "$bound" -ge 120 ]; then
    bounded "$bound" scripts/sanitize.sh
  else
    echo "sanitize: skipped, ${left} s left of the time budget; run scripts/sanitize.sh to finish"
  fi
fi
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 900
