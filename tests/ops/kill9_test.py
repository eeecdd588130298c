#!/usr/bin/python3
"""Crash safety (issue #16): `exoclinic serve` is killed with SIGKILL while clients write,
about 20 times over one database. After every kill: no acknowledged write is missing, every
stored patient has its audit entry (and every entry its patient), and `exoclinic verify`
passes (integrity check, audit chain, consent hashes).

usage: kill9_test.py EXOCLINIC [ITERATIONS]
"""
import os
import random
import sys
import tempfile
import time

import opslib


def main():
    exe = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = random.Random(16)
    with tempfile.TemporaryDirectory(prefix="exoclinic-kill9-") as tmp:
        db = os.path.join(tmp, "data", "exoclinic.db")
        token = opslib.make_token(exe, db)
        acked_total = 0
        for i in range(iterations):
            server = opslib.Server(exe, db)
            writers = [opslib.Writer(server.port, token) for _ in range(4)]
            for w in writers:
                w.start()
            time.sleep(rng.uniform(0.3, 1.2))
            server.kill9()
            for w in writers:
                w.stop()
            acked = [pid for w in writers for pid, _ in w.acked]
            ids, audited = opslib.stored_patients(db)
            lost = opslib.missing(acked, ids)
            if lost:
                raise AssertionError(f"run {i}: acknowledged but lost: {lost[:10]}")
            if ids != audited:
                raise AssertionError(f"run {i}: stored without audit entry {sorted(ids - audited)[:10]}, "
                                     f"audit entry without patient {sorted(audited - ids)[:10]}")
            opslib.verify(exe, db)
            if not acked:
                raise AssertionError(f"run {i}: no write was acknowledged before the kill")
            acked_total += len(acked)
        print(f"kill9: {iterations} kills, {acked_total} acknowledged writes, 0 lost, "
              f"{len(ids)} patients each with its audit entry; verify passed after every kill")


if __name__ == "__main__":
    main()
