# Shared by bench/lmm_bench.sh and bench/lmm_crossed_bench.sh: lme4's lmer() and the whole
# `exoclinic analyze` process on the same CSV, timed the same way. Source it; it defines functions
# only. Each function writes its results as files beside the data, in DIR:
#   r-N.time (lmer() seconds, after read.csv), r-N.cpu (its user + system CPU seconds),
#   r-N.mem (peak RSS KB), r-N.fixef, r-N.started
#   e-N.json (exoclinic's JSON), e-N.mem (peak RSS KB, then CPU seconds), e-N.total
#   (whole-process seconds)
# CPU seconds do not grow with other processes' load the way wall time does: on a shared machine
# they are the fairer comparison, and both are printed.

# lmm_run_lme4 DIR N CSV FORMULA COLCLASSES: lmer() by REML with its defaults. REUSE_LME4=1 keeps
# a result already there (lme4 at 1e6 rows and more takes minutes).
lmm_run_lme4() {
  local dir=$1 n=$2 csv=$3 formula=$4 colclasses=$5
  if [ "${REUSE_LME4:-0}" = 1 ] && [ -s "$dir/r-$n.time" ]; then return; fi
  date -u +%FT%TZ > "$dir/r-$n.started"
  /usr/bin/time -f "%M" -o "$dir/r-$n.mem" Rscript -e "
    suppressPackageStartupMessages(library(lme4))
    d <- read.csv('$csv', colClasses = c($colclasses))
    t0 <- proc.time()
    m <- lmer($formula, data = d)
    t1 <- proc.time()
    writeLines(format(t1[['elapsed']] - t0[['elapsed']]), '$dir/r-$n.time')
    writeLines(format(sum(t1[c('user.self', 'sys.self')] - t0[c('user.self', 'sys.self')])),
               '$dir/r-$n.cpu')
    writeLines(format(fixef(m), digits = 10), '$dir/r-$n.fixef')" > "$dir/r-$n.log" 2>&1
}

# lmm_run_exoclinic BUILD DIR N CSV FORMULA: the whole process as a user runs it, from just before
# it is spawned to just after it has exited (os.posix_spawn and os.wait4; its peak RSS and CPU
# from wait4's rusage), the median of 5 runs (3 from 1e7 rows), the file in the page cache as for
# lme4. Before 2026-12-04 this was one run between two `date` calls around GNU time, which added
# their own start (~5 ms, a third of the 1e4 row).
lmm_run_exoclinic() {
  local build=$1 dir=$2 n=$3 csv=$4 formula=$5
  python3 - "$build/exoclinic" "$csv" "$formula" "$dir/e-$n" "$n" <<'PY'
import os, statistics, sys, time
exe, csv, formula, out, n = sys.argv[1:]
runs = []
for _ in range(3 if int(n) >= 10_000_000 else 5):
    with open(out + ".json", "wb") as f:
        started = time.perf_counter()
        pid = os.posix_spawn(exe, [exe, "analyze", csv, "--formula", formula, "--format", "json"],
                             os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, f.fileno(), 1)])
        _, status, usage = os.wait4(pid, 0)
        ended = time.perf_counter()
    if status != 0:
        sys.exit(f"exoclinic analyze failed ({status})")
    runs.append((ended - started, usage.ru_maxrss, usage.ru_utime + usage.ru_stime))
runs.sort()
wall, kb, cpu = runs[len(runs) // 2]
open(out + ".total", "w").write(f"{wall}\n")
open(out + ".mem", "w").write(f"{kb} {cpu} 0\n")
PY
}

# lmm_row DIR N: one Markdown table row (the header is LMM_HEADER).
LMM_HEADER="| rows | lme4 lmer() (s) | exoclinic whole process (s) | ratio | lme4 lmer() CPU (s) | exoclinic CPU (s) | CPU ratio | lme4 peak RSS (MB) | exoclinic peak RSS (MB) | memory ratio | exoclinic read (s) | exoclinic fit (s) | evaluations | one evaluation (ms) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
lmm_row() {
  local dir=$1 n=$2
  python3 - "$dir" "$n" <<'PY'
import json, sys
d, n = sys.argv[1], sys.argv[2]
import os
r_fit = float(open(f"{d}/r-{n}.time").read())
r_cpu = float(open(f"{d}/r-{n}.cpu").read()) if os.path.exists(f"{d}/r-{n}.cpu") else float("nan")
r_mem = int(open(f"{d}/r-{n}.mem").read().split()[-1]) / 1024
e_kb, e_user, e_sys = open(f"{d}/e-{n}.mem").read().split()[-3:]
e_mem, e_cpu = int(e_kb) / 1024, float(e_user) + float(e_sys)
e_total = float(open(f"{d}/e-{n}.total").read())
j = json.load(open(f"{d}/e-{n}.json"))
print(f"| {n} | {r_fit:.2f} | {e_total:.3f} | {r_fit / e_total:.1f}× | {r_cpu:.2f} | {e_cpu:.2f} | "
      f"{r_cpu / max(e_cpu, 0.01):.1f}× | {r_mem:.0f} | {e_mem:.0f} | {e_mem / r_mem:.2f} | "
      f"{j.get('read_seconds', float('nan')):.3f} | {j['fit_seconds']:.3f} | {j['evaluations']} | "
      f"{1000 * j.get('evaluation_seconds', float('nan')):.3f} |")
PY
}

# lmm_check DIR N: fails when the fixed effects differ from lme4's beyond 5 significant digits.
lmm_check() {
  python3 - "$1/r-$2.fixef" "$1/e-$2.json" <<'PY'
import json, sys
r = [float(v) for v in open(sys.argv[1]).read().split()]
e = [f["estimate"] for f in json.load(open(sys.argv[2]))["fixed_effects"]]
bad = [(a, b) for a, b in zip(r, e) if abs(a - b) > 1e-5 * max(abs(a), 1e-3)]
if len(r) != len(e) or bad:
    sys.exit(f"estimates differ: lme4 {r} exoclinic {e}")
PY
}

# lmm_plain_read CSV: MB/s of a plain read() of the file (dd, 1 MiB blocks, from the page cache).
lmm_plain_read() {
  cat "$1" > /dev/null
  dd if="$1" of=/dev/null bs=1M 2>&1 | python3 -c "
import re, sys
t = sys.stdin.read()
m = re.search(r'(\d+) bytes .* copied, ([0-9.e-]+) s', t)
print(f'{int(m.group(1)) / 1e6 / float(m.group(2)):.0f}')"
}
