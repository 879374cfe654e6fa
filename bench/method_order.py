#!/usr/bin/env python3
"""Regenerates src/Slipway.Cli/method-order.txt: the methods that common runs execute, which the NativeAOT
compiler lays out first and together (IlcOrderFile in src/Slipway.Cli/Slipway.Cli.csproj), so a run touches a
few hundred pages of the binary's code instead of most of its 8 MB.

Runs the slipway binary published with symbols (BENCH_SLIPWAY) under valgrind's callgrind, once per run below,
and lists every function of the binary that ran: first those of `--version`, then those the no-op adds on
PostgreSQL, MariaDB and SQLite, then those a no-op over 5000 migrations adds, then status, then the applies. The compiler ignores names it no longer
makes and lays out the methods the file does not name after the others, so a stale file costs start-up
time, never correctness. Called by bench/run.sh with BENCH_METHOD_ORDER=1, which starts the servers.
"""
import os
import re
import subprocess
import sys

import measure
import mysql

ROOT = os.path.dirname(measure.HERE)
OUT = os.path.join(ROOT, "src", "Slipway.Cli", "method-order.txt")
SQLITE_MIGRATIONS = os.path.join(ROOT, "samples", "SampleWebApp", "migrations", "sqlite")
# callgrind's compressed names: "fn=(12) name" the first time a function appears, "fn=(12)" after that.
FUNCTION = re.compile(r"^c?fn=\(\d+\) (.+)$")


def text_symbols(binary):
    out = subprocess.run(["nm", "--defined-only", binary], check=True, capture_output=True, text=True).stdout
    return {parts[2] for parts in (line.split(" ", 2) for line in out.splitlines()) if len(parts) == 3 and parts[1] in "tT"}


def executed(name, argv):
    """The functions one run executed, in the order callgrind first names them."""
    out = os.path.join(measure.WORK, f"callgrind.{name}")
    with open(os.devnull, "w") as quiet:
        code = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv], stdout=quiet, stderr=quiet).returncode
    if code != 0:
        sys.exit(f"{name}: slipway exited {code} under valgrind: {' '.join(argv[:2])}")
    names = []
    with open(out) as profile:
        for line in profile:
            match = FUNCTION.match(line.rstrip("\n"))
            if match:
                names.append(match.group(1))
    return names


def main():
    binary = measure.SLIPWAY
    symbols = text_symbols(binary)
    if len(symbols) < 1000:
        sys.exit(f"{binary} has {len(symbols)} symbols: publish it with -p:StripSymbols=false")

    print("== generating migrations")
    pg_set = measure.generate("order-pg", 200, "realistic")
    # A no-op over thousands of files also runs code a folder of 200 never does (the files read on every
    # core, collections): applied once without valgrind, then listed after the small no-ops.
    large_set = measure.generate("order-pg5000", 5000, "small")
    measure.fresh_db("order_pg5000")
    large = ["migrate", "--database-url", measure.url("order_pg5000", "postgresql"), "--migrations", os.path.join(large_set, "slipway")]
    subprocess.run([binary, *large], check=True, capture_output=True)
    my_set = os.path.join(measure.WORK, "order-mysql")
    subprocess.run([sys.executable, os.path.join(measure.HERE, "generate.py"), my_set, "200", "realistic", "mysql"], check=True, capture_output=True)
    measure.fresh_db("order_pg")
    mysql.fresh_db("order_my")
    sqlite_url = "sqlite:///" + os.path.join(measure.WORK, "order.db").lstrip("/")
    pg = ["migrate", "--database-url", measure.url("order_pg", "postgresql"), "--migrations", os.path.join(pg_set, "slipway")]
    my = ["migrate", "--database-url", mysql.url("order_my"), "--migrations", os.path.join(my_set, "slipway")]
    sq = ["migrate", "--database-url", sqlite_url, "--migrations", SQLITE_MIGRATIONS]

    # Run in this order (an apply before its no-op); listed in the order of `priority`.
    runs = {
        "version": ["--version"],
        "apply.pg": pg, "noop.pg": pg, "status.pg": ["status", *pg[1:]],
        "apply.my": my, "noop.my": my,
        "apply.sq": sq, "noop.sq": sq,
        "noop5000.pg": large,
    }
    priority = ["version", "noop.pg", "noop.my", "noop.sq", "noop5000.pg", "status.pg", "apply.pg", "apply.my", "apply.sq"]
    found = {}
    for name, argv in runs.items():
        print(f"== {name}: slipway {' '.join(argv[:1])} under callgrind")
        found[name] = [f for f in executed(name, [binary, *argv]) if f in symbols]

    order, seen = [], set()
    for name in priority:
        added = [f for f in dict.fromkeys(found[name]) if f not in seen]
        seen.update(added)
        order.extend(added)
        print(f"  {name}: {len(found[name])} functions, {len(added)} not in an earlier run")

    previous = []
    if os.path.exists(OUT):
        with open(OUT) as old:
            previous = [line.strip() for line in old if line.strip()]
    kept = sum(1 for f in previous if f in symbols)
    print(f"{len(order)} of the binary's {len(symbols)} functions ran; the previous file named {len(previous)}, "
          f"{kept} of which this binary still has")
    with open(OUT, "w") as out:
        out.write("\n".join(order) + "\n")
    print(f"written to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
