#!/usr/bin/env python3
"""Turns an NDJSON trace (`asyncflow sim --trace DIR`, model/trace) into the TLA+ module
TraceLog that tla/Trace.tla extends: `Log == << line, ... >>`, each JSON object a record, each
array a tuple. TLC 2.18 (tla2tools.jar alone) has no JSON reader, hence this step.

  ndjson_to_tla.py TRACE.ndjson OUT_DIR    writes OUT_DIR/TraceLog.tla, prints the line count
"""
import json
import os
import sys


def tla(value):
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        if value < 0:
            raise ValueError("negative number %d: the spec's values are naturals" % value)
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "<<" + ", ".join(tla(v) for v in value) + ">>"
    if isinstance(value, dict):
        if not value:
            raise ValueError("an empty object has no TLA+ record form")
        return "[" + ", ".join("%s |-> %s" % (k, tla(v)) for k, v in value.items()) + "]"
    raise ValueError("no TLA+ form for %r" % (value,))


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    if not lines or lines[0].get("e") != "config":
        print("%s: no header line" % sys.argv[1], file=sys.stderr)
        return 2
    with open(os.path.join(sys.argv[2], "TraceLog.tla"), "w") as out:
        out.write("---- MODULE TraceLog ----\nLog == <<\n")
        out.write(",\n".join(tla(line) for line in lines))
        out.write("\n>>\n====\n")
    print(len(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
