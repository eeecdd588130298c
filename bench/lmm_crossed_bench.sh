#!/usr/bin/env bash
# Crossed mixed model (issue #18): the whole `exoclinic analyze` process against R's lmer() alone
# (timed around lmer(), after read.csv) on the same CSV, in the same run, one run per size.
#   y ~ weeks + x1 + (1 + weeks | patient) + (1 | lot) + (1 | clinic)
# 50 clinics, 1,000 lots, 5-10 visits per patient (build/bench/lmm_crossed_gen).
# Usage: bench/lmm_crossed_bench.sh [SIZES...]   (default: 100000 1000000)
# Prints a Markdown table row per size (bench/lib/lmm_common.sh has the columns). Fails when the
# fixed effects differ beyond 5 significant digits. Data in /tmp/exoclinic-lmm-crossed-bench/.
# REUSE_LME4=1 keeps an lme4 result already there (r-N.time, r-N.mem, r-N.fixef; r-N.started
# says when it ran) instead of fitting again: lme4 at 1e6 rows takes many minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/lmm_common.sh
BUILD=${BUILD:-build}
DIR=/tmp/exoclinic-lmm-crossed-bench
mkdir -p "$DIR"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
FORMULA="y ~ weeks + x1 + (1 + weeks | patient) + (1 | lot) + (1 | clinic)"
echo "$LMM_HEADER"
for n in "${SIZES[@]}"; do
  csv="$DIR/data-$n.csv"
  [ -f "$csv" ] || "$BUILD/bench/lmm_crossed_gen" "$n" "$csv"
  lmm_run_lme4 "$DIR" "$n" "$csv" "$FORMULA" \
    "'character','character','character','numeric','numeric','numeric'"
  lmm_run_exoclinic "$BUILD" "$DIR" "$n" "$csv" "$FORMULA"
  lmm_row "$DIR" "$n"
  lmm_check "$DIR" "$n"
done
