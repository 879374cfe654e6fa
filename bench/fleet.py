#!/usr/bin/env python3
"""The fleet benchmark: 500 tenant schemas of one database x 20 realistic migrations, applied by
`slipway fleet migrate --parallel 4`, by a shell loop of `slipway migrate` (one process per tenant),
by a shell loop of dbmate (one process per tenant, search_path in its URL) and by the floor: four
psql sessions in parallel, each applying the same files to a quarter of the tenants, every file in
BEGIN/COMMIT. A second floor, "psql + bookkeeping", is the same four sessions also doing what keeping a
history costs: each tenant's history table created as slipway creates it, and in every migration's
transaction the guard, the limits and the history row slipway sends. Then a no-op re-run of the fleet,
and a no-op over a larger fleet (BENCH_FLEET_NOOP_TENANTS schemas, default 1000, migrated first, not
timed). Every run starts from a database with the 500 empty schemas; every tool must build the same
objects in every tenant. Peak RSS is the largest process of a run (ru_maxrss over the run's process tree).
Run by bench/run.sh (BENCH_FLEET=0 skips it; BENCH_FLEET_TENANTS, default 500; BENCH_FLEET_REPS, default 1;
BENCH_FLEET_LOOPS=0 skips the two shell loops, which take minutes; BENCH_FLEET_NOOP_TENANTS=0 skips the
larger no-op).
"""
import os
import statistics
import sys

import measure

TENANTS = int(os.environ.get("BENCH_FLEET_TENANTS", "500"))
REPS = int(os.environ.get("BENCH_FLEET_REPS", "1"))
LOOPS = os.environ.get("BENCH_FLEET_LOOPS", "1") != "0"
NOOP_TENANTS = int(os.environ.get("BENCH_FLEET_NOOP_TENANTS", "1000"))
DB = "bench_fleet"
NAMES = [f"tenant_{i:04d}" for i in range(1, TENANTS + 1)]


def fresh_tenants(db=DB, names=NAMES):
    measure.fresh_db(db)
    measure.sql("".join(f"CREATE SCHEMA {n};" for n in names), db)


def shell(script_name, text):
    path = os.path.join(measure.WORK, script_name)
    with open(path, "w") as f:
        f.write("set -e\n" + text)
    return ["/bin/bash", path]


def fleet_run(mset, targets, db=DB):
    return [measure.SLIPWAY, "fleet", "migrate", "--database-url", measure.url(db, "postgresql"), "--targets", targets,
            "--migrations", os.path.join(mset, "slipway"), "--parallel", "4"]


def slipway_loop(mset):
    folder = os.path.join(mset, "slipway")
    base = measure.url(DB, "postgresql")
    return shell("slipway-loop.sh", "".join(
        f"'{measure.SLIPWAY}' migrate --database-url '{base}&search_path={n}' --schema {n} --migrations '{folder}' >/dev/null\n" for n in NAMES))


def dbmate_loop(mset):
    folder = os.path.join(mset, "dbmate")
    base = measure.url(DB, "postgres")
    return shell("dbmate-loop.sh", "".join(
        f"'{measure.DBMATE}' --url '{base}&search_path={n}' --migrations-dir '{folder}' --no-dump-schema migrate >/dev/null\n" for n in NAMES))


def floor_parallel(mset, floor="floor.sql"):
    with open(os.path.join(mset, floor)) as f:
        body = f.read()
    scripts = []
    for session in range(4):
        path = os.path.join(measure.WORK, f"{floor}-session-{session}.sql")
        with open(path, "w") as f:
            for n in NAMES[session::4]:
                f.write(f"SET search_path = {n};\n{body}")
        scripts.append(path)
    return shell(f"{floor}-parallel.sh", "".join(
        f"'{measure.PSQL}' -X -q -v ON_ERROR_STOP=1 -d {DB} -f '{s}' &\n" for s in scripts) + "wait %1 && wait %2 && wait %3 && wait %4\n")


def fingerprint():
    """Objects per tenant schema, apart from each tool's own history table: the same for every tool."""
    return measure.sql("SELECT string_agg(DISTINCT n, ',') FROM (SELECT count(*)::text AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
                       "WHERE s.nspname LIKE 'tenant\\_%' AND c.relname NOT LIKE 'slipway_history%' AND c.relname NOT LIKE 'schema_migrations%' "
                       "GROUP BY s.nspname) x", DB)


def main():
    mset = measure.generate("fleet20", 20, "realistic")
    targets = os.path.join(measure.WORK, "tenants.txt")
    with open(targets, "w") as f:
        f.write("".join(f"schema:{n}\n" for n in NAMES))
    commands = {"psql floor (4 sessions)": lambda: floor_parallel(mset), "psql + bookkeeping (4 sessions)": lambda: floor_parallel(mset, "floor-bookkeeping.sql"),
                "slipway fleet --parallel 4": lambda: fleet_run(mset, targets)}
    if LOOPS:
        commands.update({"slipway migrate loop": lambda: slipway_loop(mset), "dbmate loop": lambda: dbmate_loop(mset)})
    runs = {tool: [] for tool in commands}
    noop = []
    prints = {}
    print(f"== fleet: {TENANTS} tenant schemas x 20 realistic migrations, {REPS} repetition(s)")
    for rep in range(REPS):
        for tool in measure.rotated(rep, list(runs)):
            fresh_tenants()
            runs[tool].append(measure.spawn(commands[tool]()))
            prints[tool] = fingerprint()
            if tool.startswith("slipway fleet"):
                noop.append(measure.spawn(fleet_run(mset, targets)))
            print(f"  {tool}: {measure.ms(runs[tool][-1][0])}")
    if len(set(prints.values())) != 1 or "," in next(iter(prints.values())):
        sys.exit(f"the tools built different schemas: {prints}")

    def med(r, i):
        return statistics.median(x[i] for x in r)

    floor = med(runs["psql floor (4 sessions)"], 0)
    lines = [f"{'run':<34} {'wall':>10} {'ratio':>7} {'peak RSS':>10} {'CPU':>10}"]
    for tool, r in runs.items():
        lines.append(f"{'apply ' + tool:<34} {measure.ms(med(r, 0)):>10} {med(r, 0) / floor:>6.2f}x {med(r, 1) / 1024:>7.1f} MB {measure.ms(med(r, 2)):>10}")
    lines.append(f"{'no-op slipway fleet':<34} {measure.ms(med(noop, 0)):>10} {'':>7} {med(noop, 1) / 1024:>7.1f} MB {measure.ms(med(noop, 2)):>10}")
    large = noop_large(mset)
    if large:
        lines.append(f"{f'no-op slipway fleet, {NOOP_TENANTS} schemas':<34} {measure.ms(med(large, 0)):>10} {'':>7} {med(large, 1) / 1024:>7.1f} MB {measure.ms(med(large, 2)):>10}")
    fleet = med(runs["slipway fleet --parallel 4"], 0)
    lines.append("")
    lines.append(f"objects per tenant: {prints['slipway fleet --parallel 4']}; load average at the end: {os.getloadavg()[0]:.1f}")
    lines.append(measure.check("fleet <= 1.3x the 4-session psql floor", fleet <= 1.3 * floor))
    if LOOPS:
        dbmate = med(runs["dbmate loop"], 0)
        lines.append(measure.check(f"fleet >= 3x faster than the dbmate loop ({dbmate / fleet:.1f}x)", dbmate >= 3 * fleet))
    lines.append(measure.check(f"no-op over {TENANTS} schemas <= 1 s", med(noop, 0) <= 1.0))
    if large:
        lines.append(measure.check(f"no-op over {NOOP_TENANTS} schemas <= 1 s", med(large, 0) <= 1.0))
    text = "\n".join(lines)
    print(text)
    os.makedirs(measure.os.environ.get("BENCH_RESULTS", measure.WORK), exist_ok=True)
    with open(os.path.join(os.environ.get("BENCH_RESULTS", measure.WORK), "fleet.txt"), "w") as f:
        f.write(text + "\n")


def noop_large(mset):
    """The no-op over a larger fleet: its schemas migrated once (not timed), then five timed no-op runs."""
    if NOOP_TENANTS <= 0:
        return []
    db, names = "bench_fleet_large", [f"tenant_{i:05d}" for i in range(1, NOOP_TENANTS + 1)]
    targets = os.path.join(measure.WORK, "tenants-large.txt")
    with open(targets, "w") as f:
        f.write("".join(f"schema:{n}\n" for n in names))
    fresh_tenants(db, names)
    measure.spawn(fleet_run(mset, targets, db))
    runs = [measure.spawn(fleet_run(mset, targets, db)) for _ in range(5)]
    print(f"  no-op over {NOOP_TENANTS} schemas: " + ", ".join(measure.ms(r[0]) for r in runs))
    return runs


if __name__ == "__main__":
    main()
