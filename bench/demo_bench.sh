#!/usr/bin/env bash
# `exoclinic demo --patients N` as a user runs it (the whole process on a new database, stderr
# not a terminal), against `exoclinic demo` (start-up, schema, rule files and the four demo lots
# alone) in the same run as the reference. Prints each run and the median of both.
#   bench/demo_bench.sh [patients] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
runs="${2:-3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TIMEFORMAT=%R
seconds() { { time "$@" >/dev/null 2>&1; } 2>&1; }
refs=() fulls=()
for i in $(seq "$runs"); do
  rm -f "$tmp"/*
  ref=$(seconds build/exoclinic --db "$tmp/ref.db" demo)
  full=$(seconds build/exoclinic --db "$tmp/full.db" demo --patients "$n")
  size=$(du -m "$tmp/full.db" | cut -f1)
  echo "run $i: demo ${ref} s | demo --patients $n ${full} s (database ${size} MB)"
  refs+=("$ref") fulls+=("$full")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: demo $(median "${refs[@]}") s | demo --patients $n $(median "${fulls[@]}") s"
