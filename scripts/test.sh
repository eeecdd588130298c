#!/usr/bin/env bash
# Sets everything up and runs the whole test suite, then the same unit tests under ASan/UBSan
# and every fuzz target briefly (scripts/sanitize.sh, clang 14, build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/check-format.sh
scripts/check-size.sh
# clang-tidy on the files changed against origin/main (or HEAD~), bounded in time: a timeout is
# reported, a finding fails. `scripts/lint.sh --all` checks every file.
rc=0
timeout "${LINT_TIMEOUT:-900}" scripts/lint.sh || rc=$?
if [ "$rc" -eq 124 ]; then
  echo "lint: stopped after ${LINT_TIMEOUT:-900} s; run scripts/lint.sh to finish"
elif [ "$rc" -ne 0 ]; then
  exit "$rc"
fi
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 600)
scripts/sanitize.sh
