#!/usr/bin/env bash
# Crossed mixed model (issue #18): the whole `exoclinic analyze` process against R's lmer() alone
# (timed around lmer(), after read.csv) on the same CSV, in the same run, one run per size.
#   y ~ weeks + x1 + (1 + weeks | patient) + (1 | lot) + (1 | clinic)
# 50 clinics, 1,000 lots, 5-10 visits per patient (build/bench/lmm_crossed_gen).
# Usage: bench/lmm_crossed_bench.sh [SIZES...]   (default: 100000 1000000)
# Prints a Markdown table row per size: rows, lme4 lmer() seconds, exoclinic whole-process
# seconds, ratio, peak RSS of each process (GNU time), exoclinic's evaluations. Fails when the
# fixed effects differ beyond 5 significant digits. Data in /tmp/exoclinic-lmm-crossed-bench/.
# REUSE_LME4=1 keeps an lme4 result already there (r-N.time, r-N.mem, r-N.fixef; r-N.started
# says when it ran) instead of fitting again: lme4 at 1e6 rows takes many minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DIR=/tmp/exoclinic-lmm-crossed-bench
mkdir -p "$DIR"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
FORMULA="y ~ weeks + x1 + (1 + weeks | patient) + (1 | lot) + (1 | clinic)"
echo "| rows | lme4 lmer() (s) | exoclinic whole process (s) | ratio | lme4 peak RSS (MB) | exoclinic peak RSS (MB) | memory ratio | exoclinic fit (s) | evaluations |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${SIZES[@]}"; do
  csv="$DIR/data-$n.csv"
  [ -f "$csv" ] || "$BUILD/bench/lmm_crossed_gen" "$n" "$csv"
  if [ "${REUSE_LME4:-0}" = 1 ] && [ -s "$DIR/r-$n.time" ]; then :; else
  date -u +%FT%TZ > "$DIR/r-$n.started"
  /usr/bin/time -f "%M" -o "$DIR/r-$n.mem" Rscript -e "
    suppressPackageStartupMessages(library(lme4))
    d <- read.csv('$csv', colClasses = c('character','character','character','numeric','numeric','numeric'))
    t0 <- proc.time()[['elapsed']]
    m <- lmer($FORMULA, data = d)
    writeLines(format(proc.time()[['elapsed']] - t0), '$DIR/r-$n.time')
    writeLines(format(fixef(m), digits = 10), '$DIR/r-$n.fixef')" > "$DIR/r-$n.log" 2>&1
  fi
  r_fit=$(cat "$DIR/r-$n.time")
  elog="$DIR/e-$n.json"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$DIR/e-$n.mem" "$BUILD/exoclinic" analyze "$csv" --formula "$FORMULA" \
    --format json > "$elog"
  end=$(date +%s.%N)
  e_total=$(python3 -c "print($end - $start)")
  read -r e_fit evals < <(python3 -c "import json; j = json.load(open('$elog')); print(j['fit_seconds'], j['evaluations'])")
  r_mem=$(( $(cat "$DIR/r-$n.mem") / 1024 ))
  e_mem=$(( $(cat "$DIR/e-$n.mem") / 1024 ))
  printf "| %s | %.2f | %.2f | %.1f× | %d | %d | %.2f | %.2f | %s |\n" "$n" "$r_fit" "$e_total" \
    "$(python3 -c "print($r_fit / $e_total)")" "$r_mem" "$e_mem" \
    "$(python3 -c "print($e_mem / $r_mem)")" "$e_fit" "$evals"
  python3 - "$DIR/r-$n.fixef" "$elog" <<'PY'
import json, sys
r = [float(v) for v in open(sys.argv[1]).read().split()]
e = [f["estimate"] for f in json.load(open(sys.argv[2]))["fixed_effects"]]
bad = [(a, b) for a, b in zip(r, e) if abs(a - b) > 1e-5 * max(abs(a), 1e-3)]
if len(r) != len(e) or bad:
    sys.exit(f"estimates differ: lme4 {r} exoclinic {e}")
PY
done
