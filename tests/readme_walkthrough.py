#!/usr/bin/python3
"""Runs the README's walkthrough literally, as a newcomer would type it (issue #14).

Takes the ```sh blocks of the named README sections in order, joins continued lines, replaces
`build/exoclinic` by PROGRAM and runs each command with bash in a fresh temporary directory that
holds the repository's `examples/` and `tests/data/` (as a clone does) and nothing else; HOME and
XDG_DATA_HOME point into it, so the default database is a scratch one too.

A command fails the test when
  - it exits non-zero, unless its comment in the README says it is "refused" (then it must exit
    with a plain error, 1..125, not succeed and not crash);
  - its comment promises something this script can check and the output does not show it:
    "who got this lot" and "lists every affected patient" must name the patient registered
    from examples/patient.json; "patient N", "screening N", "plan N", "session N" and
    "measurement N" must be the id the command prints; "-o FILE" and "> FILE" must leave a non-empty FILE.
Other commands (`sed` preparing a dated example) run as written. `serve` is not run (it does
not end); a command that names a file the repository lacks fails by itself. `export NAME=...`
sets NAME for the commands after it, as in one terminal. Where a command asks for a password,
the newcomer types the same one each time (PASSWORD below, on standard input).

usage: readme_walkthrough.py SOURCE_DIR PROGRAM [SECTION ...]
       (default sections: "A two-minute tour", "The clinical path", "Outcomes and safety",
        "Statistics")
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

# "patient 1", "plan 1" ... in a comment: the id the command prints (English output).
CLAIM = r"\b(patient|screening|plan|session|measurement) (\d+)\b"
CLAIM_OUTPUT = {"patient": r"^{n}\s+P\d+", "screening": r"^screening {n}\b", "plan": r"^plan {n}\b",
                "session": r"\bsession id {n}\b", "measurement": r"^#{n}\s"}

DEFAULT_SECTIONS = ["A two-minute tour", "The clinical path", "Outcomes and safety", "Statistics"]
PASSWORD = "a newcomer's long password"
EXPORT = re.compile(r"^export ([A-Z_][A-Z0-9_]*)=")


def sections(readme_text):
    """{title: body} for every '## ' section."""
    out, title, lines = {}, None, []
    for line in readme_text.splitlines():
        if line.startswith("## "):
            if title is not None:
                out[title] = "\n".join(lines)
            title, lines = line[3:].strip(), []
        else:
            lines.append(line)
    if title is not None:
        out[title] = "\n".join(lines)
    return out


def sh_commands(body):
    """The commands of the ```sh blocks of a section, continued lines joined."""
    commands, in_block, pending = [], False, ""
    for line in body.splitlines():
        if line.strip() == "```sh":
            in_block = True
            continue
        if in_block and line.strip() == "```":
            in_block = False
            continue
        if not in_block:
            continue
        if pending:
            line = pending + " " + line.strip()
            pending = ""
        stripped = line.rstrip()
        if stripped.endswith("\\"):
            pending = stripped[:-1].rstrip()
            continue
        if not stripped or stripped.lstrip().startswith("#"):
            continue  # a comment line continues the previous command's comment
        commands.append(stripped)
    return commands


def comment_of(command):
    """The README's comment after the command ('' when none)."""
    try:
        lex = shlex.shlex(command, posix=True, punctuation_chars=True)
        lex.whitespace_split = True
        lex.commenters = ""
        tokens = list(lex)
    except ValueError:
        return ""
    if "#" in tokens:
        return " ".join(tokens[tokens.index("#") + 1:])
    m = re.search(r"\s#\s(.*)$", command)
    return m.group(1) if m else ""


def written_files(command):
    code = command.split(" # ")[0]
    files = re.findall(r"(?:-o|--output)\s+(\S+)", code)
    files += re.findall(r"(?<!2)>\s*(\S+)", code)
    return files


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    source, program = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    wanted = sys.argv[3:] or DEFAULT_SECTIONS
    with open(os.path.join(source, "README.md"), encoding="utf-8") as f:
        found = sections(f.read())
    with open(os.path.join(source, "examples", "patient.json"), encoding="utf-8") as f:
        patient_name = json.load(f)["name_kanji"]

    failures, ran = [], 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="exo-readme-") as tmp:
        os.symlink(os.path.join(source, "examples"), os.path.join(tmp, "examples"))
        os.makedirs(os.path.join(tmp, "tests"))
        os.symlink(os.path.join(source, "tests", "data"), os.path.join(tmp, "tests", "data"))
        env = dict(os.environ, HOME=os.path.join(tmp, "home"),
                   XDG_DATA_HOME=os.path.join(tmp, "home", ".local", "share"))
        env["LANG"] = "C.UTF-8"  # the README's comments quote the English output
        env.pop("LC_ALL", None)
        env.pop("LC_MESSAGES", None)
        os.makedirs(env["XDG_DATA_HOME"])
        for title in wanted:
            if title not in found:
                failures.append(f"README has no section '## {title}'")
                continue
            commands = sh_commands(found[title])
            if not commands:
                failures.append(f"'## {title}' has no ```sh command")
            for command in commands:
                if re.search(r"\sserve(\s|$)", command.split(" # ")[0]):
                    continue
                line = re.sub(r"(^|[\s(])build/exoclinic(?=\s)",
                              lambda m: m.group(1) + shlex.quote(program), command)
                exported = EXPORT.match(command)
                if exported:  # run it, print the variable, keep it for the next commands
                    line = line.split(" # ")[0] + f'; printf %s "${exported.group(1)}"'
                comment = comment_of(command).lower()
                refused = "refused" in comment
                r = subprocess.run(["bash", "-c", line], cwd=tmp, env=env, capture_output=True,
                                   text=True, timeout=120, input=PASSWORD + "\n")
                if exported and r.returncode == 0:
                    env[exported.group(1)] = r.stdout
                ran += 1
                out = r.stdout + r.stderr
                where = f"[{title}] {command}"
                if refused:
                    if r.returncode == 0:
                        failures.append(f"{where}\n  the README says refused, but it exited 0")
                    elif not 1 <= r.returncode <= 125:
                        failures.append(f"{where}\n  refused by a crash (exit {r.returncode})")
                    continue
                if r.returncode != 0:
                    failures.append(f"{where}\n  exit {r.returncode}: {out.strip()[:600]}")
                    continue
                for kind, number in re.findall(CLAIM, comment):
                    pattern = CLAIM_OUTPUT[kind].format(n=number)
                    if not re.search(pattern, r.stdout, re.MULTILINE):
                        failures.append(f"{where}\n  the README says {kind} {number}, the output "
                                        f"does not show it: {r.stdout[:300]}")
                if ("who got this lot" in comment or "every affected patient" in comment) and \
                        patient_name not in r.stdout:
                    failures.append(f"{where}\n  does not name {patient_name}: {r.stdout[:400]}")
                for name in written_files(command):
                    path = os.path.join(tmp, name)
                    if not os.path.isfile(path) or os.path.getsize(path) == 0:
                        failures.append(f"{where}\n  wrote no {name}")
    seconds = time.monotonic() - started
    for f in failures:
        print("FAIL " + f)
    print(f"{ran} README commands run in {seconds:.1f} s, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
