"""Helpers for the operations tests (issue #16): a real `exoclinic serve` process on a
temporary database, an API token to write with, and checks on the stored database.

Standard library only (Debian's python3); the program under test is the built binary.
"""
import http.client
import itertools
import json
import os
import re
import sqlite3
import subprocess
import threading
import time

PATIENT = {"name_kanji": "試験 太郎", "name_kana": "シケン タロウ", "birth_date": "1974-03-02",
           "sex": "male", "phone": "090-0000-0000"}


_people = itertools.count(1)  # shared by every writer thread of the process


def new_person():
    """PATIENT as a new person each time (its own name and kana): the same name and birth date
    again would be a likely duplicate, refused until someone confirms it is someone else."""
    n = str(next(_people))
    kana = "".join("アイウエオカキクケコ"[int(d)] for d in n)
    return dict(PATIENT, name_kanji="試験 " + n, name_kana="シケン " + kana)


def run(exe, db, *args, stdin=None, check=True):
    """Runs `exoclinic --db DB ARGS`; its completed process (text)."""
    proc = subprocess.run([exe, "--db", db, "--lang", "en", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"exoclinic {' '.join(args)} exited {proc.returncode}: "
                             f"{proc.stdout}{proc.stderr}")
    return proc


def make_token(exe, db):
    """A nurse with an API token on `db`; the token's value."""
    run(exe, db, "user", "add", "nurse.crash", "--role", "nurse", "--display-name", "加藤 看護師",
        stdin="a long enough password\na long enough password\n")
    out = run(exe, db, "token", "create", "nurse.crash", "--name", "ops test").stdout
    return out.strip().splitlines()[-1].strip()


class Server:
    """`exoclinic serve` on a free loopback port, as its own process (so it can be killed)."""

    def __init__(self, exe, db):
        self.proc = subprocess.Popen([exe, "--db", db, "--lang", "en", "serve", "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r":(\d+)/", line)
        if not match:
            self.proc.kill()
            raise AssertionError(f"serve did not start: {line!r}")
        self.port = int(match.group(1))

    def kill9(self):
        self.proc.kill()  # SIGKILL
        self.proc.wait()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Writer(threading.Thread):
    """Registers patients over HTTP until stopped; `acked` holds (id, time acknowledged)."""

    def __init__(self, port, token):
        super().__init__(daemon=True)
        self.port, self.token = port, token
        self.acked = []
        self.stopped = threading.Event()
        self.errors = 0

    def run(self):
        conn = None
        headers = {"Content-Type": "application/json", "Authorization": "Bearer " + self.token}
        while not self.stopped.is_set():
            body = json.dumps(new_person()).encode()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("POST", "/api/v1/patients", body, headers)
                resp = conn.getresponse()
                data = resp.read()
                if resp.status == 201:
                    self.acked.append((json.loads(data)["id"], time.monotonic()))
                else:
                    self.errors += 1
            except (OSError, http.client.HTTPException):
                conn = None  # the server was killed or closed the connection
                if self.stopped.wait(0.01):
                    break

    def stop(self):
        self.stopped.set()
        self.join(timeout=30)


def stored_patients(db):
    """Ids of the stored patients and of those with a 'patient.create' audit entry."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ids = {r[0] for r in con.execute("SELECT id FROM patients")}
        audited = {int(r[0].split("/")[1]) for r in con.execute(
            "SELECT object FROM audit_log WHERE action = 'patient.create' "
            "AND outcome = 'allowed'")}
    finally:
        con.close()
    return ids, audited


def verify(exe, db):
    """`exoclinic verify`: integrity check, audit chain, consent hashes; its output."""
    proc = run(exe, db, "verify", check=False)
    if proc.returncode != 0:
        raise AssertionError(f"verify failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
    return proc.stdout


def missing(acked_ids, stored_ids):
    return sorted(set(acked_ids) - stored_ids)


def env_or(name, default):
    return os.environ.get(name, default)
