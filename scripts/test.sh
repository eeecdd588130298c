#!/usr/bin/env bash
# Sets everything up and runs the whole test suite; ends with ctest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/check-format.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600
