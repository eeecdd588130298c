#!/usr/bin/env bash
# Mixed-model fit, one grouping factor (issue #17): the whole `exoclinic analyze` process (CSV
# read included) against R's lmer() alone (timed around lmer(), after read.csv) on the same CSV,
# in the same run, one run per size:
#   y ~ time + route + age + sleep + (1 + time | patient)
# Data: build/bench/lmm_gen N (patients with 5-10 visits every 4 weeks).
# Usage: bench/lmm_bench.sh [SIZES...]   (default: 10000 100000 1000000 10000000)
# Prints a Markdown table row per size (bench/lib/lmm_common.sh has the columns), then the CSV
# size, a plain read's MB/s and exoclinic's parse MB/s. Fails when the fixed effects differ from
# lme4's beyond 5 significant digits. Data in /tmp/exoclinic-lmm-bench/. REUSE_LME4=1 keeps an
# lme4 result already there.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/lmm_common.sh
BUILD=${BUILD:-build}
DIR=/tmp/exoclinic-lmm-bench
mkdir -p "$DIR"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000 10000000)
FORMULA="y ~ time + route + age + sleep + (1 + time | patient)"
echo "$LMM_HEADER"
notes=()
for n in "${SIZES[@]}"; do
  csv="$DIR/data-$n.csv"
  [ -f "$csv" ] || "$BUILD/bench/lmm_gen" "$n" "$csv"
  lmm_run_lme4 "$DIR" "$n" "$csv" "$FORMULA" \
    "'character','numeric','numeric','character','numeric','numeric'"
  lmm_run_exoclinic "$BUILD" "$DIR" "$n" "$csv" "$FORMULA"
  lmm_row "$DIR" "$n"
  lmm_check "$DIR" "$n"
  bytes=$(stat -c %s "$csv")
  notes+=("$n rows: CSV $(python3 -c "print(f'{$bytes / 1e6:.1f}')") MB, plain read $(lmm_plain_read "$csv") MB/s, exoclinic parse $(python3 -c "import json; print(f\"{$bytes / 1e6 / json.load(open('$DIR/e-$n.json'))['read_seconds']:.0f}\")") MB/s")
done
printf '%s\n' "${notes[@]}"
python3 bench/lib/lmm_plot.py "$DIR" "$DIR/lmm.svg" "${SIZES[@]}"
echo "plot: $DIR/lmm.svg"
