#!/usr/bin/env python3
"""Runs the benchmark against a running PostgreSQL and prints/writes the results table.

Every measured run is one process forked by bench/spawn.c (built by run.sh) and reaped with wait4: wall
time is fork-to-exit, peak RSS is the kernel's ru_maxrss of that process (what GNU time reports as %M). Not
from this script: a process that Python starts inherits Python's own peak RSS as the start of its own.
Tools are interleaved inside each repetition, in an order that rotates from one repetition to the
next, so machine noise hits them alike; medians are reported.

Environment: BENCH_WORK, BENCH_PSQL, BENCH_SLIPWAY, BENCH_DBMATE, BENCH_RUNTIME_FLOOR (bench/runtime-floor,
published), BENCH_SPAWN (bench/spawn.c, compiled), PGHOST, PGPORT, PGUSER, PGPASSWORD, BENCH_PG_LOG, BENCH_APPLY_REPS, BENCH_NOOP_REPS, BENCH_RESULTS.
"""
import os
import platform
import statistics
import subprocess
import sys
import time

WORK = os.environ["BENCH_WORK"]
PSQL = os.environ["BENCH_PSQL"]
SLIPWAY = os.environ["BENCH_SLIPWAY"]
DBMATE = os.environ["BENCH_DBMATE"]
RUNTIME_FLOOR = os.environ["BENCH_RUNTIME_FLOOR"]
SPAWN = os.environ["BENCH_SPAWN"]
HOST, PORT = os.environ["PGHOST"], os.environ["PGPORT"]
USER, PASSWORD = os.environ["PGUSER"], os.environ["PGPASSWORD"]
PG_LOG = os.environ["BENCH_PG_LOG"]
APPLY_REPS = int(os.environ.get("BENCH_APPLY_REPS", "5"))
NOOP_REPS = int(os.environ.get("BENCH_NOOP_REPS", "21"))
HERE = os.path.dirname(os.path.abspath(__file__))
RUN_LOG = os.path.join(WORK, "last-run.log")


def url(db, scheme):
    return f"{scheme}://{USER}:{PASSWORD}@{HOST}:{PORT}/{db}?sslmode=disable"


def spawn(argv):
    """One measured process: (wall seconds, peak RSS in KiB, CPU seconds). Output goes to a log, checked on failure."""
    out = subprocess.run([SPAWN, RUN_LOG, *argv], check=True, capture_output=True, text=True).stdout.split()
    wall_ns, rss, cpu_us, code = (int(v) for v in out)
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(argv[:2])}\n" + open(RUN_LOG).read()[-3000:])
    return wall_ns / 1e9, rss, cpu_us / 1e6


def sql(statement, db="postgres"):
    out = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", statement],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def fresh_db(db):
    sql(f"DROP DATABASE IF EXISTS {db}")
    sql(f"CREATE DATABASE {db}")
    sql("CHECKPOINT")


# The commands under test. Each takes the database name and the migrations set directory.
def floor_apply(db, mset):
    return [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", os.path.join(mset, "floor.sql")]


def floor_bookkeeping(db, mset):
    return [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", os.path.join(mset, "floor-bookkeeping.sql")]


def floor_noop(db, mset):
    return [PSQL, "-X", "-q", "-d", db, "-c", "select 1"]


def runtime_floor(db, mset):
    """The least a .NET tool built like slipway can do: open the connection as slipway does, run `select 1`
    (bench/runtime-floor). Slipway's no-op above it is Slipway's own work; it above psql is the runtime and Npgsql."""
    return [RUNTIME_FLOOR, "postgres", f"Host={HOST};Port={PORT};Username={USER};Password={PASSWORD};Database={db};SSL Mode=Disable"]


def files_floor(mset):
    """Reading and hashing every migration file once, in one process: the floor of a no-op that verifies
    the checksum of every applied migration (slipway and Flyway do; dbmate does not read the files)."""
    folder = os.path.join(mset, "slipway")
    return ["/usr/bin/sha256sum"] + sorted(os.path.join(folder, f) for f in os.listdir(folder))


def slipway(db, mset):
    return [SLIPWAY, "migrate", "--database-url", url(db, "postgresql"), "--migrations", os.path.join(mset, "slipway")]


def slipway_drift(db, mset):
    return [SLIPWAY, "drift", "--database-url", url(db, "postgresql"), "--migrations", os.path.join(mset, "slipway")]


def dbmate(db, mset):
    return [DBMATE, "--url", url(db, "postgres"), "--migrations-dir", os.path.join(mset, "dbmate"), "--no-dump-schema", "migrate"]


def schema_fingerprint(db):
    return sql("SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE n.nspname = 'public' AND c.relname NOT IN ('slipway_history', 'schema_migrations', "
               "'slipway_history_pkey', 'slipway_history_version_uq', 'slipway_history_id_seq', 'schema_migrations_pkey')) || '/' || "
               "(SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')", db)


def statements_logged(argv):
    """How many statements the server executed for one run (log_statement = all): the round-trip bound."""
    sql("ALTER SYSTEM SET log_statement = 'all'")
    sql("SELECT pg_reload_conf()")
    time.sleep(0.3)
    before = os.path.getsize(PG_LOG)
    spawn(argv)
    time.sleep(0.3)
    sql("ALTER SYSTEM RESET log_statement")
    sql("SELECT pg_reload_conf()")
    with open(PG_LOG, errors="replace") as log:
        log.seek(before)
        lines = [l for l in log if ("LOG:  statement:" in l or "LOG:  execute" in l) and "pg_reload_conf" not in l
                 and "ALTER SYSTEM" not in l]
    return len(lines)


def generate(name, count, kind):
    path = os.path.join(WORK, name)
    out = subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), path, str(count), kind],
                         check=True, capture_output=True, text=True)
    print("  " + out.stdout.strip())
    return path


def rotated(rep, runs):
    """The runs of one repetition, starting one later each time: no tool always follows the same one
    (a run that leaves the disk busy would otherwise always slow down the same next tool)."""
    shift = rep % len(runs)
    return runs[shift:] + runs[:shift]


def ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def main():
    print("== generating migrations")
    m200 = generate("m200", 200, "realistic")
    m5000 = generate("m5000", 5000, "small")

    apply = {"psql floor": [], "psql + bookkeeping": [], "slipway": [], "dbmate": []}
    print(f"== apply 200 on a fresh database, {APPLY_REPS} repetitions")
    fingerprints = {}
    for rep in range(APPLY_REPS):
        for tool, command in rotated(rep, (("psql floor", floor_apply), ("psql + bookkeeping", floor_bookkeeping), ("slipway", slipway), ("dbmate", dbmate))):
            db = "bench_" + ("kept" if tool == "psql + bookkeeping" else tool.split()[0])
            fresh_db(db)
            apply[tool].append(spawn(command(db, m200)))
            fingerprints[tool] = schema_fingerprint(db)
        print(f"  rep {rep + 1}: " + ", ".join(f"{t} {ms(v[-1][0])}" for t, v in apply.items()))
    if len(set(fingerprints.values())) != 1:
        sys.exit(f"the tools built different schemas: {fingerprints}")
    print(f"  every tool built the same schema (relations/functions: {fingerprints['slipway']})")

    # Drift replays the 200 applied migrations on a temporary database and compares both catalogs.
    drift = []
    print(f"== drift at 200 applied migrations, {APPLY_REPS} repetitions")
    for rep in range(APPLY_REPS):
        drift.append(spawn(slipway_drift("bench_slipway", m200)))
        print(f"  rep {rep + 1}: {ms(drift[-1][0])}")

    print("== preparing 5000 applied small migrations (not timed)")
    for tool, command in (("slipway", slipway), ("dbmate", dbmate)):
        db = f"bench_{tool}_5000"
        fresh_db(db)
        wall = spawn(command(db, m5000))[0]
        print(f"  {tool}: applied 5000 in {wall:.1f} s")

    noop = {k: [] for k in ("psql select 1", "runtime floor", "slipway 200", "dbmate 200", "sha256sum 5000", "slipway 5000", "dbmate 5000")}
    print(f"== no-op runs, {NOOP_REPS} repetitions")
    noop_runs = (
        ("psql select 1", floor_noop("bench_psql", m200)),
        ("runtime floor", runtime_floor("bench_psql", m200)),
        ("slipway 200", slipway("bench_slipway", m200)),
        ("dbmate 200", dbmate("bench_dbmate", m200)),
        ("sha256sum 5000", files_floor(m5000)),
        ("slipway 5000", slipway("bench_slipway_5000", m5000)),
        ("dbmate 5000", dbmate("bench_dbmate_5000", m5000)),
    )
    for rep in range(NOOP_REPS):
        for name, argv in rotated(rep, noop_runs):
            noop[name].append(spawn(argv))

    statements = {
        "slipway 200": statements_logged(slipway("bench_slipway", m200)),
        "slipway 5000": statements_logged(slipway("bench_slipway_5000", m5000)),
        "dbmate 200": statements_logged(dbmate("bench_dbmate", m200)),
        "dbmate 5000": statements_logged(dbmate("bench_dbmate_5000", m5000)),
    }

    def med(runs, i):
        return statistics.median(r[i] for r in runs)

    rows = []
    floor = med(apply["psql floor"], 0)
    for tool, runs in apply.items():
        rows.append((f"apply 200: {tool}", med(runs, 0), med(runs, 0) / floor, med(runs, 1), med(runs, 2), ""))
    rows.append(("drift 200: slipway", med(drift, 0), med(drift, 0) / floor, med(drift, 1), med(drift, 2), ""))
    base = med(noop["psql select 1"], 0)
    for name, runs in noop.items():
        label = {"psql select 1": "no-op: psql -c 'select 1'", "runtime floor": "no-op: .NET floor, select 1",
                 "sha256sum 5000": "hash the 5000 files: sha256sum"}.get(
            name, f"no-op at {name.split()[1]}: {name.split()[0]}")
        rows.append((label, med(runs, 0), med(runs, 0) / base, med(runs, 1), med(runs, 2), str(statements.get(name, ""))))

    # Paired: each run against the floor run of the same repetition (they ran seconds apart), then the
    # median. Less sensitive than a ratio of medians to a host whose speed drifts during the benchmark.
    def paired(runs, floors):
        return statistics.median(r[0] / f[0] for r, f in zip(runs, floors))

    def cpu_ratio(runs, floors):
        return med(runs, 2) / med(floors, 2)

    def paired_cpu(runs, floors):
        return statistics.median(r[2] / f[2] for r, f in zip(runs, floors))

    noop_cpu = cpu_ratio(noop["slipway 200"], noop["psql select 1"])
    over_hashing = med(noop["slipway 5000"], 0) / med(noop["sha256sum 5000"], 0)
    slip_growth = med(noop["slipway 5000"], 0) / med(noop["slipway 200"], 0)
    dbmate_growth = med(noop["dbmate 5000"], 0) / med(noop["dbmate 200"], 0)
    peak = max(r[1] for runs in (apply["slipway"], noop["slipway 200"], noop["slipway 5000"]) for r in runs)

    lines = [
        f"Slipway benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"server: {sql('SHOW server_version')}, fsync={sql('SHOW fsync')}, synchronous_commit={sql('SHOW synchronous_commit')}, "
        f"full_page_writes={sql('SHOW full_page_writes')}, TCP 127.0.0.1, scram-sha-256",
        f"medians of {APPLY_REPS} (apply) and {NOOP_REPS} (no-op) repetitions; ratio = wall vs the psql floor of the same kind;",
        f"CPU = user + system time of the process; statements = what the server executed for one run; load average {os.getloadavg()[0]:.1f}",
        "",
        *table(rows),
    ]
    lines += [
        "",
        f"no-op growth 200 -> 5000 applied (25x history): slipway {slip_growth:.2f}x, dbmate {dbmate_growth:.2f}x",
        f"no-op at 5000: slipway {over_hashing:.2f}x reading and hashing the same files "
        f"(sha256sum, the floor for verifying every applied checksum), paired {paired(noop['slipway 5000'], noop['sha256sum 5000']):.2f}x",
        f"apply: slipway {med(apply['slipway'], 0) / med(apply['psql + bookkeeping'], 0):.2f}x psql running the same bookkeeping statements "
        f"(history table, limits, guard, history row; paired {paired(apply['slipway'], apply['psql + bookkeeping']):.2f}x), "
        f"which itself is {med(apply['psql + bookkeeping'], 0) / floor:.2f}x the floor",
        f"slipway peak RSS over all runs: {peak / 1024:.1f} MB",
        f"no-op CPU: slipway at 200 {med(noop['slipway 200'], 2) * 1000:.1f} ms, psql {med(noop['psql select 1'], 2) * 1000:.1f} ms "
        f"({noop_cpu:.2f}x, paired {paired_cpu(noop['slipway 200'], noop['psql select 1']):.2f}x); "
        f"the .NET floor {med(noop['runtime floor'], 2) * 1000:.1f} ms ({cpu_ratio(noop['runtime floor'], noop['psql select 1']):.2f}x psql): "
        f"slipway's own work at 200 is {(med(noop['slipway 200'], 2) - med(noop['runtime floor'], 2)) * 1000:.1f} ms of CPU and "
        f"{(med(noop['slipway 200'], 0) - med(noop['runtime floor'], 0)) * 1000:.1f} ms of wall above it",
        f"paired ratios (median of per-repetition ratios): apply slipway {paired(apply['slipway'], apply['psql floor']):.2f}x, "
        f"dbmate {paired(apply['dbmate'], apply['psql floor']):.2f}x; no-op at 200 slipway {paired(noop['slipway 200'], noop['psql select 1']):.2f}x, "
        f"dbmate {paired(noop['dbmate 200'], noop['psql select 1']):.2f}x",
        "",
        "targets:",
        check("apply <= 1.2x psql floor", med(apply["slipway"], 0) / floor <= 1.2),
        check("apply faster than dbmate", med(apply["slipway"], 0) < med(apply["dbmate"], 0)),
        check("no-op <= 1.5x psql -c 'select 1'", med(noop["slipway 200"], 0) / base <= 1.5),
        check("no-op below dbmate", med(noop["slipway 200"], 0) < med(noop["dbmate 200"], 0)),
        check("CPU of a no-op at 200 <= 1.5x psql's", noop_cpu <= 1.5),
        check("no-op at 5000 <= 1.2x sha256sum of the files", over_hashing <= 1.2),
        check("no-op statements independent of history size", statements["slipway 200"] == statements["slipway 5000"]),
        check("peak RSS <= 30 MB", peak / 1024 <= 30),
        check("drift <= 2x slipway's apply of the same migrations", med(drift, 0) <= 2 * med(apply["slipway"], 0)),
    ]
    publish("\n".join(lines) + "\n", ".txt", "latest.txt")


def table(rows):
    """The results table: one row per (label, wall, ratio, peak RSS in KB, CPU, statements)."""
    lines = [f"{'run':<34} {'wall':>10} {'ratio':>7} {'peak RSS':>10} {'CPU':>10} {'statements':>11}", "-" * 87]
    for label, wall, ratio, rss, cpu, stmts in rows:
        lines.append(f"{label:<34} {ms(wall):>10} {ratio:>6.2f}x {rss / 1024:>7.1f} MB {ms(cpu):>10} {stmts!s:>11}")
    return lines


def publish(report, stamped, latest):
    """Prints the report and, with BENCH_RESULTS set, writes it there: as <time><stamped> (unless None) and as latest."""
    print()
    print(report)
    results = os.environ.get("BENCH_RESULTS")
    if results:
        os.makedirs(results, exist_ok=True)
        paths = ([os.path.join(results, time.strftime("%Y%m%d-%H%M%S") + stamped)] if stamped else []) + [os.path.join(results, latest)]
        for path in paths:
            with open(path, "w") as f:
                f.write(report)
        print(f"written to {os.path.relpath(paths[0])}")


def check(name, ok):
    return f"  [{'met' if ok else 'MISSED'}] {name}"


if __name__ == "__main__":
    main()
