#!/usr/bin/python3
"""Backups (issue #16): `exoclinic backup` while `exoclinic serve` is being written to, then
`exoclinic restore` into a new location. Every write acknowledged before the backup began is
in the restored copy, each with its audit entry, and the copy verifies. A restore into a
location that is not empty, and of a file that is not a database, are refused and change
nothing.

usage: backup_test.py EXOCLINIC
"""
import os
import subprocess
import sys
import tempfile
import time

import opslib


def main():
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="exoclinic-backup-") as tmp:
        db = os.path.join(tmp, "live", "exoclinic.db")
        backup = os.path.join(tmp, "backups", "copy.db")
        restored = os.path.join(tmp, "restored", "exoclinic.db")
        token = opslib.make_token(exe, db)
        server = opslib.Server(exe, db)
        writers = [opslib.Writer(server.port, token) for _ in range(4)]
        try:
            for w in writers:
                w.start()
            time.sleep(1.0)
            began = time.monotonic()
            out = opslib.run(exe, db, "backup", "--to", backup).stdout
            ended = time.monotonic()
            time.sleep(0.5)
        finally:
            for w in writers:
                w.stop()
            server.stop()
        acked = [(pid, t) for w in writers for pid, t in w.acked]
        before = [pid for pid, t in acked if t < began]
        after = [pid for pid, t in acked if t > ended]
        assert before, "no write acknowledged before the backup"
        assert after, "the server stopped taking writes during the backup"
        assert "backup written" in out, out
        assert os.stat(backup).st_mode & 0o777 == 0o600, oct(os.stat(backup).st_mode)

        # Refused: overwriting a backup, restoring over an existing database, a broken file.
        again = opslib.run(exe, db, "backup", "--to", backup, check=False)
        assert again.returncode == 4 and "already exists" in again.stderr, again
        over = opslib.run(exe, db, "restore", "--from", backup, check=False)
        assert over.returncode == 4 and "not empty" in over.stderr, over
        junk = os.path.join(tmp, "junk.db")
        with open(junk, "wb") as f:
            f.write(b"SQLite format 3\0" + b"\xff" * 4000)
        nowhere = os.path.join(tmp, "nowhere", "exoclinic.db")
        bad = opslib.run(exe, nowhere, "restore", "--from", junk, check=False)
        assert bad.returncode == 1 and "--from" in bad.stderr, bad
        assert not os.path.exists(nowhere), "a refused restore left a database behind"

        proc = opslib.run(exe, restored, "restore", "--from", backup)
        assert "restored" in proc.stdout and "integrity check: ok" in proc.stdout, proc.stdout
        ids, audited = opslib.stored_patients(restored)
        lost = opslib.missing(before, ids)
        assert not lost, f"acknowledged before the backup but missing: {lost[:10]}"
        assert ids == audited, (sorted(ids - audited)[:10], sorted(audited - ids)[:10])
        opslib.verify(exe, restored)
        # The commands' help comes from the catalogue, in the language of LANG.
        for lang, text in (("ja_JP.UTF-8", "バックアップ"), ("en_US.UTF-8", "consistent backup")):
            env = dict(os.environ, LANG=lang, LC_ALL="", LC_MESSAGES="")
            shown = subprocess.run([exe, "--help"], env=env, capture_output=True, text=True).stdout
            assert text in shown, (lang, shown)
        print(f"backup: {len(before)} writes acknowledged before the backup, all restored; "
              f"{len(acked) - len(before)} more during and after it ({ended - began:.3f} s backup); "
              f"restored copy verifies")


if __name__ == "__main__":
    main()
