#!/usr/bin/python3
"""Checks the message catalogue (i18n/messages.toml) against the code that uses it.

Fails (exit 1, one line per problem) on:
  - a key without both a Japanese and an English text, or whose two texts use different
    placeholders ({0}, {1|one|other}, ...);
  - a key used in src/ (C++: a string literal naming a catalogue key, "err.required") or
    web/src (t("key"), label("kind", ...)) that the catalogue does not define;
  - a value of a vocabulary listed in the code without its label "<kind>.<id>": the adverse
    event lists of src/outcome/adverse_event.cc, every audit action the program records, and the
    option lists of the web forms (choice("diet", [...]), const causalities = [...], ...).
The C++ enums with id tables (routes, lot states, roles, ...) are checked by
tests/catalogue_labels_test.cc, which calls their own name functions.

usage: catalogue_check.py [SOURCE_DIR] [CATALOGUE]
"""
import glob
import os
import re
import sys
import tomllib

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
catalogue_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "i18n", "messages.toml")
problems = []

try:
    with open(catalogue_path, "rb") as f:
        catalogue = tomllib.load(f)
except tomllib.TOMLDecodeError as e:
    print(f"{catalogue_path}: {e}")
    sys.exit(1)


def placeholders(text):
    return sorted(set(re.findall(r"\{(\d)(?:\}|\||:)", text)))


for key, entry in catalogue.items():
    if not isinstance(entry, dict):
        problems.append(f"{key}: not a table of ja and en")
        continue
    for lang in ("ja", "en"):
        if not isinstance(entry.get(lang), str) or not entry[lang].strip():
            problems.append(f"{key}: no {lang} text")
    extra = set(entry) - {"ja", "en"}
    if extra:
        problems.append(f"{key}: unknown fields {sorted(extra)}")
    if isinstance(entry.get("ja"), str) and isinstance(entry.get("en"), str):
        if placeholders(entry["ja"]) != placeholders(entry["en"]):
            problems.append(f"{key}: ja uses {placeholders(entry['ja'])}, en {placeholders(entry['en'])}")

groups = {k.split(".")[0] for k in catalogue}


def label_key(kind, value):
    return kind + "." + re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")


def need(key, where):
    if key not in catalogue:
        problems.append(f"{where}: {key} is not in the catalogue")


def rel(path):
    return os.path.relpath(path, root)


# Literals in C++ that are not message keys though they look like one: audit actions (labelled
# as audit_action.*), JSON member paths and file names.
audit_actions = set()
cpp_files = [f for f in glob.glob(os.path.join(root, "src", "**", "*.*"), recursive=True)
             if f.endswith((".cc", ".h")) and not f.endswith("_test.cc")]
for path in cpp_files:
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r"\b(RunAudited|RecordAudit)\(", text):
        # The action is the call's first string literal, after the services, clock and actor.
        depth, end = 1, m.end()
        while depth and end < len(text):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        args = text[m.end():end]
        lit = re.match(r'[^"]*?,\s*"([a-z_]+(?:\.[a-z_]+)*)"', args)
        if lit and args.count(",", 0, lit.start(1)) >= 3:
            audit_actions.add(lit.group(1))
    for m in re.finditer(r'P::k[A-Za-z]+,\s*"([a-z_.]+)"', text):
        audit_actions.add(m.group(1))
# Permission names (src/auth/roles.cc) share the look of keys but are ids of the access table.
not_messages = {os.path.join("src", "auth", "roles.cc")}
for path in cpp_files:
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'"((?:[a-z_0-9]+\.)+[a-z_0-9]+)"', text if rel(path) not in not_messages else ""):
        key = m.group(1)
        if key.split(".")[0] not in groups or key in audit_actions:
            continue
        if re.search(r"\.(toml|csv|json|pdf|svg|html|db)$", key):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if "//" in text[line_start:m.start()]:
            continue  # a comment
        if re.match(r"\s*\+", text[m.end():]):
            continue  # the prefix of a key made at run time ("help.cmd" + path)
        line = text.count("\n", 0, m.start()) + 1
        need(key, f"{rel(path)}:{line}")
    # Message("prefix." + x): the prefix must be a group of the catalogue.
    for m in re.finditer(r'Message\("([a-z_.]+)\." \+', text):
        if not any(k.startswith(m.group(1) + ".") for k in catalogue):
            problems.append(f"{rel(path)}: no key starts with {m.group(1)}.")
    for m in re.finditer(r'Label\("([a-z_.]+)",\s*"([^"]+)"', text):
        need(label_key(m.group(1), m.group(2)), rel(path))

for action in sorted(audit_actions):
    need(label_key("audit_action", action), "audit action")
# Lot transitions are recorded as "lot." + the action's name (src/app/transition_lot.cc).
for action in ("release", "quarantine", "recall", "destroy", "expire", "import"):
    need(label_key("audit_action", "lot." + action), "audit action")

ae_source = open(os.path.join(root, "src", "outcome", "adverse_event.cc"), encoding="utf-8").read()
for name, kind in (("kCriteria", "seriousness"), ("kCausality", "causality"),
                   ("kOutcomes", "ae_outcome")):
    m = re.search(name + r"\s*=\s*\{([^}]*)\}", ae_source)
    if not m:
        problems.append(f"src/outcome/adverse_event.cc: no list {name}")
        continue
    for value in re.findall(r'"([^"]+)"', m.group(1)):
        need(label_key(kind, value), f"adverse_event.cc {name}")

# The web application.
web_lists = {"criteria": "seriousness", "causalities": "causality", "outcomes": "ae_outcome"}
for path in glob.glob(os.path.join(root, "web", "src", "*.ts")):
    if path.endswith(".gen.ts"):
        continue
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'\bt\(\s*"([^"]+)"', text):
        need(m.group(1), f"{rel(path)}:{text.count(chr(10), 0, m.start()) + 1}")
    for m in re.finditer(r'\blabel\(\s*"([a-z_.]+)"', text):
        if not any(k.startswith(m.group(1) + ".") for k in catalogue):
            problems.append(f"{rel(path)}: label kind {m.group(1)} has no key in the catalogue")
    for m in re.finditer(r'choice\("([a-z_.]+)", \[([^\]]*)\]', text):
        for value in re.findall(r'"([^"]+)"', m.group(2)):
            need(label_key(m.group(1), value), rel(path))
    for m in re.finditer(r'\[([^\]\[\n]*)\]\.map\(\((\w)\) => \[\2, label\("([a-z_.]+)", \2\)', text):
        for value in re.findall(r'"([^"]+)"', m.group(1)):
            need(label_key(m.group(3), value), rel(path))
    for name, kind in web_lists.items():
        m = re.search(r"const " + name + r" = \[([^\]]*)\]", text)
        if m:
            for value in re.findall(r'"([^"]+)"', m.group(1)):
                need(label_key(kind, value), f"{rel(path)} {name}")
    # The certificate form labels each field by its path and each group by its legend.
    for m in re.finditer(r'(?:path: |outcome\()"([a-z_/A-Z0-9-]+)"', text):
        need(label_key("cert.field", m.group(1)), rel(path))
    for m in re.finditer(r'legend: "([^"]+)"', text):
        need(label_key("cert.group", m.group(1)), rel(path))
    # Suggested origins of a certificate are labelled when shown (species, tissue, cell type).
    for m in re.finditer(r'path: "product/origin/(\w+)"[^\n]*suggestions: \[([^\]]*)\]', text):
        for value in re.findall(r'"([^"]+)"', m.group(2)):
            need(label_key(m.group(1), value), rel(path))
for p in sorted(set(problems)):
    print(p)
if problems:
    print(f"{len(set(problems))} catalogue problem(s)")
    sys.exit(1)
print(f"catalogue ok: {len(catalogue)} keys, {len(audit_actions)} audit actions labelled")
