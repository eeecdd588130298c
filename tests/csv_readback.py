#!/usr/bin/python3
"""Reads a CSV export back as a spreadsheet user's tools would (Python's csv module) and prints
what the tests check: whether it starts with the UTF-8 BOM, whether every line ends with CRLF,
then each row as JSON (header names as keys).

usage: csv_readback.py FILE
"""
import csv
import io
import json
import sys

raw = open(sys.argv[1], "rb").read()
bom = raw.startswith(b"\xef\xbb\xbf")
lines = raw.split(b"\n")
crlf = raw.endswith(b"\r\n") and all(line.endswith(b"\r") for line in lines[:-1])
text = raw.decode("utf-8-sig")
rows = list(csv.DictReader(io.StringIO(text, newline="")))
print(f"bom={int(bom)} crlf={int(crlf)} rows={len(rows)}")
for row in rows:
    print(json.dumps(row, ensure_ascii=False, sort_keys=True))
