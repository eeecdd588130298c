#!/usr/bin/env bash
# clang-tidy (.clang-tidy, Debian clang-tidy 14) over the C++ sources; any finding fails.
#   scripts/lint.sh            the .cc files changed against origin/main (else HEAD~), and the .cc
#                              beside each changed header; nothing to do when nothing changed
#   scripts/lint.sh --all      every .cc file of the build (src/ and tests/)
#   scripts/lint.sh FILE...    the named files
# Headers are checked through the files that include them (HeaderFilterRegex). Needs build/
# (scripts/setup.sh) for compile_commands.json. LINT_JOBS sets the parallel jobs (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-tidy >/dev/null || { echo "lint: clang-tidy is not installed (scripts/setup.sh)"; exit 1; }
[ -f build/compile_commands.json ] || { echo "lint: no build/compile_commands.json (scripts/setup.sh)"; exit 1; }

# Every .cc file the build compiles, relative to the repository.
buildable() {
  python3 -c 'import json, os, sys
root = os.getcwd()
for e in json.load(open("build/compile_commands.json")):
    f = os.path.relpath(os.path.join(e["directory"], e["file"]), root)
    if f.startswith(("src/", "tests/")): print(f)' | sort -u
}

files=()
if [ "${1:-}" = "--all" ]; then
  mapfile -t files < <(buildable)
elif [ $# -gt 0 ]; then
  files=("$@")
else
  base=""
  for b in origin/main HEAD~; do
    if git rev-parse --verify -q "$b" >/dev/null; then base=$(git merge-base HEAD "$b"); break; fi
  done
  [ -n "$base" ] || { echo "lint: no base to compare with; use --all"; exit 0; }
  mapfile -t changed < <( (git diff --name-only --diff-filter=d "$base"; git diff --name-only --diff-filter=d;
                           git ls-files --others --exclude-standard) | grep -E '^(src|tests)/.*\.(cc|h)$' | sort -u)
  mapfile -t known < <(buildable)
  for f in "${changed[@]}"; do
    cc="${f%.h}.cc"
    for k in "${known[@]}"; do [ "$k" = "$cc" ] && files+=("$k") && break; done
  done
  mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u | sed '/^$/d')
fi
if [ ${#files[@]} -eq 0 ]; then echo "lint: no files to check"; exit 0; fi

echo "lint: clang-tidy on ${#files[@]} file(s)"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
printf '%s\n' "${files[@]}" |
  xargs -P "${LINT_JOBS:-2}" -n 4 clang-tidy -p build --quiet >"$out" 2>/dev/null || status=$?
if [ $status -ne 0 ] || grep -q "error:\|warning:" "$out"; then
  grep -E "(error|warning):" "$out" | sort -u | head -100
  echo "lint: $(grep -E '(error|warning):' "$out" | sort -u | wc -l) finding(s)"
  exit 1
fi
echo "lint: ok"
