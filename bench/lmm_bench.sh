#!/usr/bin/env bash
# Mixed-model fit: exoclinic against R's lme4 (lmer) on the same data and formula, same run.
# lme4's convergence warnings (its gradient check at large n) are kept in r-N.log.
# Usage: bench/lmm_bench.sh [SIZES...]   (default: 10000 100000 1000000 10000000)
# Prints a Markdown table row per size: rows, lme4 fit seconds, exoclinic fit seconds, ratio,
# peak memory of each (GNU time). Data in /tmp/exoclinic-lmm-bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DIR=/tmp/exoclinic-lmm-bench
mkdir -p "$DIR"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000 10000000)
FORMULA="y ~ time + route + age + sleep + (1 + time | patient)"
echo "| rows | lme4 fit (s) | exoclinic fit (s) | ratio lme4/exoclinic | lme4 peak RSS (MB) | exoclinic peak RSS (MB) | exoclinic total incl. CSV read (s) |"
echo "|---|---|---|---|---|---|---|"
for n in "${SIZES[@]}"; do
  csv="$DIR/data-$n.csv"
  [ -f "$csv" ] || "$BUILD/bench/lmm_gen" "$n" "$csv"
  # lme4: data.table-free read with read.csv, then time only lmer() itself.
  rlog="$DIR/r-$n.log"
  /usr/bin/time -f "%M" -o "$DIR/r-$n.mem" Rscript -e "
    suppressPackageStartupMessages(library(lme4))
    d <- read.csv('$csv', colClasses = c('character','numeric','numeric','character','numeric','numeric'))
    t0 <- proc.time()[['elapsed']]
    m <- lmer($FORMULA, data = d)
    writeLines(format(proc.time()[['elapsed']] - t0), '$DIR/r-$n.time')
    writeLines(format(fixef(m), digits = 10), '$DIR/r-$n.fixef')" > "$rlog" 2>&1
  r_fit=$(cat "$DIR/r-$n.time")
  # exoclinic: total wall time; the fit alone is total minus a read-only pass (same file).
  elog="$DIR/e-$n.json"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$DIR/e-$n.mem" "$BUILD/exoclinic" analyze "$csv" --formula "$FORMULA" --format json > "$elog"
  end=$(date +%s.%N)
  e_total=$(python3 -c "print($end - $start)")
  e_fit=$(python3 -c "import json; print(json.load(open('$elog'))['fit_seconds'])")
  ratio=$(python3 -c "print($r_fit / $e_fit)")
  printf "| %s | %.2f | %.3f | %.1f× | %d | %d | %.2f |\n" "$n" "$r_fit" "$e_fit" "$ratio" \
    $(( $(cat "$DIR/r-$n.mem") / 1024 )) $(( $(cat "$DIR/e-$n.mem") / 1024 )) "$e_total"
  # Same estimates (fixed effects to 5 significant digits) or the comparison means nothing.
  python3 - "$DIR/r-$n.fixef" "$elog" <<'PY'
import json, sys
r = [float(v) for v in open(sys.argv[1]).read().split()]
e = [f["estimate"] for f in json.load(open(sys.argv[2]))["fixed_effects"]]
bad = [(a, b) for a, b in zip(r, e) if abs(a - b) > 1e-5 * max(abs(a), 1e-3)]
if len(r) != len(e) or bad:
    sys.exit(f"estimates differ: lme4 {r} exoclinic {e}")
PY
done
