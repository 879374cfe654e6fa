#!/usr/bin/env python3
"""The fleet benchmark: 500 tenant schemas of one database x 20 realistic migrations, applied by
`slipway fleet migrate --parallel 4`, by a shell loop of `slipway migrate` (one process per tenant),
by a shell loop of dbmate (one process per tenant, search_path in its URL) and by the floor: four
psql sessions in parallel, each applying the same files to a quarter of the tenants, every file in
BEGIN/COMMIT. Then a no-op re-run of the fleet. Every run starts from a database with the 500 empty
schemas; every tool must build the same objects in every tenant. Peak RSS is the largest process of
a run (ru_maxrss over the run's process tree).
Run by bench/run.sh (BENCH_FLEET=0 skips it; BENCH_FLEET_TENANTS, default 500; BENCH_FLEET_REPS, default 1).
"""
import os
import statistics
import sys

import measure

TENANTS = int(os.environ.get("BENCH_FLEET_TENANTS", "500"))
REPS = int(os.environ.get("BENCH_FLEET_REPS", "1"))
DB = "bench_fleet"
NAMES = [f"tenant_{i:04d}" for i in range(1, TENANTS + 1)]


def fresh_tenants():
    measure.fresh_db(DB)
    measure.sql("".join(f"CREATE SCHEMA {n};" for n in NAMES), DB)


def shell(script_name, text):
    path = os.path.join(measure.WORK, script_name)
    with open(path, "w") as f:
        f.write("set -e\n" + text)
    return ["/bin/bash", path]


def fleet_run(mset, targets):
    return [measure.SLIPWAY, "fleet", "migrate", "--database-url", measure.url(DB, "postgresql"), "--targets", targets,
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


def floor_parallel(mset):
    with open(os.path.join(mset, "floor.sql")) as f:
        body = f.read()
    scripts = []
    for session in range(4):
        path = os.path.join(measure.WORK, f"floor-session-{session}.sql")
        with open(path, "w") as f:
            for n in NAMES[session::4]:
                f.write(f"SET search_path = {n};\n{body}")
        scripts.append(path)
    return shell("floor-parallel.sh", "".join(
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
    runs = {"psql floor (4 sessions)": [], "slipway fleet --parallel 4": [], "slipway migrate loop": [], "dbmate loop": []}
    commands = {"psql floor (4 sessions)": lambda: floor_parallel(mset), "slipway fleet --parallel 4": lambda: fleet_run(mset, targets),
                "slipway migrate loop": lambda: slipway_loop(mset), "dbmate loop": lambda: dbmate_loop(mset)}
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
    fleet, dbmate = med(runs["slipway fleet --parallel 4"], 0), med(runs["dbmate loop"], 0)
    lines.append("")
    lines.append(f"objects per tenant: {prints['slipway fleet --parallel 4']}")
    lines.append(measure.check("fleet <= 1.3x the 4-session psql floor", fleet <= 1.3 * floor))
    lines.append(measure.check("fleet >= 3x faster than the dbmate loop", dbmate >= 3 * fleet))
    lines.append(measure.check(f"no-op over {TENANTS} schemas <= 1 s", med(noop, 0) <= 1.0))
    text = "\n".join(lines)
    print(text)
    os.makedirs(measure.os.environ.get("BENCH_RESULTS", measure.WORK), exist_ok=True)
    with open(os.path.join(os.environ.get("BENCH_RESULTS", measure.WORK), "fleet.txt"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
