#!/usr/bin/env python3
"""The MariaDB benchmark: 200 realistic migrations (MySQL dialect) applied by slipway, by the mariadb client
in one session (the floor), by dbmate, and by the client replaying the queries slipway sent in one captured run
(a second floor: the price of slipway's SQL without slipway's own work); a no-op run of each against the
client's `select 1`. Same method
as measure.py: one process per run (bench/spawn.c, wait4), tools in an order that rotates per repetition,
medians and paired ratios.

Environment: BENCH_WORK, BENCH_SLIPWAY, BENCH_DBMATE, BENCH_MARIADB (the client), MYSQL_HOST, MYSQL_TCP_PORT,
MYSQL_USER, MYSQL_PWD (the client reads the password from it, so it is never on a command line),
BENCH_MARIA_SOCKET (root's socket, for the statement count), BENCH_APPLY_REPS, BENCH_NOOP_REPS, BENCH_RESULTS.
"""
import os
import platform
import statistics
import subprocess
import sys
import time

from measure import APPLY_REPS, DBMATE, HERE, NOOP_REPS, RUNTIME_FLOOR, SLIPWAY, WORK, check, ms, publish, rotated, spawn, table

CLIENT = os.environ["BENCH_MARIADB"]
HOST, PORT = os.environ["MYSQL_HOST"], os.environ["MYSQL_TCP_PORT"]
USER, PASSWORD = os.environ["MYSQL_USER"], os.environ["MYSQL_PWD"]
SOCKET = os.environ["BENCH_MARIA_SOCKET"]


def url(db):
    return f"mysql://{USER}:{PASSWORD}@{HOST}:{PORT}/{db}"


def client(db):
    return [CLIENT, "--no-defaults", "-h", HOST, "-P", PORT, "-u", USER, db]


def sql(statement, db=""):
    out = subprocess.run(client(db) + ["-N", "-B", "-e", statement], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def root_sql(statement):
    # root has no password on its socket: MYSQL_PWD (the bench user's) must not reach this client.
    env = {k: v for k, v in os.environ.items() if k != "MYSQL_PWD"}
    out = subprocess.run([CLIENT, "--no-defaults", "-uroot", f"--socket={SOCKET}", "-N", "-B", "-e", statement],
                         check=True, capture_output=True, text=True, env=env)
    return out.stdout.strip()


def fresh_db(db):
    sql(f"DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db}")


def floor_apply(db, mset):
    # The client reads the script from a file (its `source` command), in one session; it stops at the first error.
    return client(db) + ["-e", f"source {os.path.join(mset, 'floor.sql')}"]


def floor_noop(db, mset):
    return client(db) + ["-e", "select 1"]


def runtime_floor(db, mset):
    """bench/runtime-floor: a .NET tool built like slipway opening the connection as slipway does (MySqlConnector,
    TLS when the server offers it) and running `select 1`."""
    return [RUNTIME_FLOOR, "mysql", f"Server={HOST};Port={PORT};User ID={USER};Password={PASSWORD};Database={db}"]


def slipway(db, mset):
    return [SLIPWAY, "migrate", "--database-url", url(db), "--migrations", os.path.join(mset, "slipway")]


def dbmate(db, mset):
    return [DBMATE, "--url", url(db), "--migrations-dir", os.path.join(mset, "dbmate"), "--no-dump-schema", "migrate"]


def schema_fingerprint(db):
    skip = "('slipway_history', 'schema_migrations')"
    return sql(f"SELECT CONCAT((SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME NOT IN {skip}), '/', "
               f"(SELECT count(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{db}'), '/', "
               f"(SELECT count(DISTINCT TABLE_NAME, INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME NOT IN {skip}), '/', "
               f"(SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME NOT IN {skip}))")


def general_log(argv, columns, kinds):
    """Runs argv once with the server's general log on; returns `columns` over the bench user's log rows of the
    command kinds `kinds` (an SQL list)."""
    root_sql("SET GLOBAL log_output = 'TABLE'; TRUNCATE mysql.general_log; SET GLOBAL general_log = 1")
    spawn(argv)
    out = root_sql(f"SET GLOBAL general_log = 0; SELECT {columns} FROM mysql.general_log WHERE command_type IN ({kinds}) "
                   f"AND user_host LIKE '{USER}[%'")
    root_sql("TRUNCATE mysql.general_log")
    return out


def capture_replay(argv, path):
    """Runs argv once and writes the bench user's queries, as the server received them (parameters already in
    the text, a multi-statement query whole), to a script the client runs with the same round trips: slipway's
    SQL without slipway."""
    rows = general_log(argv, "HEX(argument)", "'Query'").split()
    queries = [q for q in (bytes.fromhex(h).decode() for h in rows) if q != "SET NAMES utf8mb4"]
    if not queries:
        sys.exit("cannot replay slipway's statements: the general log captured none")
    if any("$$" in q for q in queries):
        sys.exit("cannot replay slipway's statements: a query contains the delimiter $$")
    with open(path, "w", encoding="utf-8") as script:
        script.write("DELIMITER $$\n" + "".join(q.rstrip() + "\n$$\n" for q in queries))
    return len(queries)


def statements_logged(argv):
    """How many statements the server received for one run (the general log): the round-trip bound. A
    multi-statement query counts once, as it is one round trip."""
    return int(general_log(argv, "count(*)", "'Query', 'Execute'"))


def main():
    print("== generating migrations (MySQL dialect)")
    mset = os.path.join(WORK, "mysql200")
    out = subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), mset, "200", "realistic", "mysql"],
                         check=True, capture_output=True, text=True)
    print("  " + out.stdout.strip())

    # The second floor: slipway's own statements (history guards, progress rows) replayed by the client, one
    # round trip per query as slipway sent them. Against it, the apply shows slipway's own cost.
    replay = os.path.join(mset, "slipway-statements.sql")
    fresh_db("bench_capture")
    captured = capture_replay(slipway("bench_capture", mset), replay)
    sql("DROP DATABASE IF EXISTS bench_capture")
    print(f"  slipway's {captured} queries of one apply captured for the client to replay")

    def replay_apply(db, _):
        return client(db) + ["-e", f"source {replay}"]

    apply = {"mariadb floor": [], "slipway": [], "dbmate": [], "slipway sql by client": []}
    commands = {"mariadb floor": floor_apply, "slipway": slipway, "dbmate": dbmate, "slipway sql by client": replay_apply}
    print(f"== apply 200 on a fresh database, {APPLY_REPS} repetitions")
    fingerprints = {}
    for rep in range(APPLY_REPS):
        for tool in rotated(rep, list(apply)):
            db = "bench_" + tool.split()[0] + ("_replay" if tool.endswith("by client") else "")
            fresh_db(db)
            apply[tool].append(spawn(commands[tool](db, mset)))
            fingerprints[tool] = schema_fingerprint(db)
        print(f"  rep {rep + 1}: " + ", ".join(f"{t} {ms(v[-1][0])}" for t, v in apply.items()) + f"  (load {os.getloadavg()[0]:.1f})")
    if len(set(fingerprints.values())) != 1:
        sys.exit(f"the tools built different schemas: {fingerprints}")
    print(f"  every tool built the same schema (tables/routines/indexes/columns: {fingerprints['slipway']})")

    noop = {"mariadb select 1": [], "runtime floor": [], "slipway 200": [], "dbmate 200": []}
    noop_runs = {"mariadb select 1": floor_noop("bench_mariadb", mset), "runtime floor": runtime_floor("bench_mariadb", mset),
                 "slipway 200": slipway("bench_slipway", mset),
                 "dbmate 200": dbmate("bench_dbmate", mset)}
    print(f"== no-op runs, {NOOP_REPS} repetitions")
    for rep in range(NOOP_REPS):
        for name in rotated(rep, list(noop)):
            noop[name].append(spawn(noop_runs[name]))

    fresh_db("bench_count")
    statements = {
        "apply slipway": statements_logged(slipway("bench_count", mset)),
        "no-op slipway": statements_logged(slipway("bench_count", mset)),
    }
    fresh_db("bench_count")
    statements["apply floor"] = statements_logged(floor_apply("bench_count", mset))
    fresh_db("bench_count")
    statements["apply dbmate"] = statements_logged(dbmate("bench_count", mset))
    statements["no-op dbmate"] = statements_logged(dbmate("bench_count", mset))
    fresh_db("bench_count")
    statements["apply client"] = statements_logged(replay_apply("bench_count", mset))
    sql("DROP DATABASE IF EXISTS bench_count")

    def med(runs, i):
        return statistics.median(r[i] for r in runs)

    def paired(runs, floors):
        return statistics.median(r[0] / f[0] for r, f in zip(runs, floors))

    floor, base = med(apply["mariadb floor"], 0), med(noop["mariadb select 1"], 0)
    rows = [(f"apply 200: {t}", med(r, 0), med(r, 0) / floor, med(r, 1), med(r, 2), statements.get("apply " + t.split()[-1], ""))
            for t, r in apply.items()]
    labels = {"mariadb select 1": "no-op: mariadb -e 'select 1'", "runtime floor": "no-op: .NET floor, select 1"}
    rows += [(labels.get(n, f"no-op at 200: {n.split()[0]}"), med(r, 0), med(r, 0) / base,
              med(r, 1), med(r, 2), statements.get("no-op " + n.split()[0], "")) for n, r in noop.items()]
    lines = [
        f"Slipway MariaDB benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"server: MariaDB {sql('SELECT VERSION()')}, innodb_flush_log_at_trx_commit={sql('SELECT @@innodb_flush_log_at_trx_commit')}, "
        f"innodb_doublewrite={sql('SELECT @@innodb_doublewrite')}, TCP 127.0.0.1, no TLS",
        f"medians of {APPLY_REPS} (apply) and {NOOP_REPS} (no-op) repetitions; ratio = wall vs the mariadb client of the same kind;",
        f"CPU = user + system time of the process; statements = queries the server received for one run; load average {os.getloadavg()[0]:.1f}",
        "",
        *table(rows),
    ]
    lines += [
        "",
        f"paired ratios (median of per-repetition ratios): apply slipway {paired(apply['slipway'], apply['mariadb floor']):.2f}x, "
        f"dbmate {paired(apply['dbmate'], apply['mariadb floor']):.2f}x; no-op slipway {paired(noop['slipway 200'], noop['mariadb select 1']):.2f}x, "
        f"dbmate {paired(noop['dbmate 200'], noop['mariadb select 1']):.2f}x",
        f"apply: slipway's own statements replayed by the client take {med(apply['slipway sql by client'], 0) / floor:.2f}x the floor "
        f"(paired {paired(apply['slipway sql by client'], apply['mariadb floor']):.2f}x); slipway takes "
        f"{med(apply['slipway'], 0) / med(apply['slipway sql by client'], 0):.2f}x its replay (paired {paired(apply['slipway'], apply['slipway sql by client']):.2f}x)",
        f"no-op: the .NET floor is {med(noop['runtime floor'], 0) / base:.2f}x the client's select 1 (paired "
        f"{paired(noop['runtime floor'], noop['mariadb select 1']):.2f}x); slipway's own work at 200 is "
        f"{(med(noop['slipway 200'], 0) - med(noop['runtime floor'], 0)) * 1000:.1f} ms of wall and "
        f"{(med(noop['slipway 200'], 2) - med(noop['runtime floor'], 2)) * 1000:.1f} ms of CPU above it",
        "",
        "targets:",
        check("apply <= 1.2x the mariadb client", med(apply["slipway"], 0) / floor <= 1.2),
        check("apply faster than dbmate", med(apply["slipway"], 0) < med(apply["dbmate"], 0)),
        check("no-op <= 1.5x mariadb -e 'select 1'", med(noop["slipway 200"], 0) / base <= 1.5),
        check("no-op below dbmate", med(noop["slipway 200"], 0) < med(noop["dbmate 200"], 0)),
    ]
    publish("\n".join(lines) + "\n", "-mariadb.txt", "latest-mariadb.txt")


if __name__ == "__main__":
    main()
