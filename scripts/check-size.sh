#!/usr/bin/env bash
# Size limits of the layout (STYLE.md section 11): no source file in src/ over 800 lines except
# the data tables listed below, and no function in the adapters (src/server/, src/cli/) over 80
# lines. Prints the largest files and each adapter's longest function; fails on a breach.
#   scripts/check-size.sh [--report]   --report: also list the ten largest files of src/
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "$@" <<'PY'
import os, re, sys

MAX_FILE, MAX_FUNCTION = 800, 80
DATA_TABLES = {"src/core/messages.cc"}  # the message catalogue: one entry per text
DATA_FUNCTIONS = {"Migrations"}  # store/sqlite/schema.cc: the schema's SQL, one string each
report = "--report" in sys.argv[1:]

def sources(root):
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith((".cc", ".h")):
                yield os.path.join(d, f)

def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")

# Namespaces are not indented (Google style), so a function definition starts with a line at
# column 0 and its body ends with a line that is exactly "}". Lambdas count towards the function
# that holds them; types and data tables end in "};" and are not functions.
def functions(path):
    text = lines_of(path)
    out, start, raw_end = [], None, None
    for i, line in enumerate(text):
        if raw_end:  # inside a raw string literal (SQL): not code
            if raw_end in line:
                raw_end = None
            continue
        opened = re.search(r'R"(\w*)\(', line)
        if opened and ")" + opened.group(1) + '"' not in line[opened.end():]:
            raw_end = ")" + opened.group(1) + '"'
        if line == "}":
            if start is not None:
                name = re.search(r"([\w:~]+)\s*\(", " ".join(t.strip() for t in text[start:i]))
                out.append((i - start + 1, name.group(1) if name else "?", start + 1))
            start = None
        elif re.match(r"^[A-Za-z_]", line) and not re.match(r"^(namespace|using|extern)\b", line):
            if start is None:
                start = i
            if line.rstrip().endswith(";") or line.rstrip().endswith("};"):
                start = None
        elif line.startswith("}") or line.startswith("#"):
            start = None
    return out

failed = False
sizes = sorted(((len(lines_of(p)) - 1, p) for p in sources("src")), reverse=True)
for n, p in sizes:
    if n > MAX_FILE and p not in DATA_TABLES:
        print(f"check-size: {p} has {n} lines (at most {MAX_FILE})")
        failed = True
if report:
    print("ten largest files in src/:")
    for n, p in sizes[:10]:
        print(f"  {n:5d}  {p}{'  (data table)' if p in DATA_TABLES else ''}")
for adapter in ("src/server", "src/cli", "src/store"):
    longest = (0, "", "", 0)
    for p in sources(adapter):
        if not p.endswith(".cc"):
            continue
        for n, name, line in functions(p):
            if name in DATA_FUNCTIONS:
                continue
            if n > longest[0]:
                longest = (n, name, p, line)
            if n > MAX_FUNCTION and adapter != "src/store":
                print(f"check-size: {p}:{line} {name} has {n} lines (at most {MAX_FUNCTION})")
                failed = True
    print(f"check-size: longest function in {adapter}/: {longest[1]} ({longest[0]} lines, {longest[2]}:{longest[3]})")
if failed:
    sys.exit(1)
print("check-size: ok")
PY
