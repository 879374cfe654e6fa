#!/usr/bin/env python3
"""The waiting herd: N runners of `slipway migrate` started at the same moment, as the init containers of
a rollout's N pods are, on a fresh database (one of them applies, the others wait) and on an up-to-date one
(a rollout with nothing to migrate). Wall time until the last one exits, against one runner and against N
concurrent `psql -c 'select 1'`, and N concurrent runs of the .NET floor (bench/runtime-floor: a connection
opened as slipway opens it and `select 1`, what any tool on the same runtime and driver pays). On a fresh
database it also reads the applying runner's own apply time from its output: how much the others' start slows it.
Every run must exit 0, exactly one runner must apply, and the history must hold each migration once.
Run by bench/run.sh (BENCH_HERD_SIZES, default "1 8 32 128"; BENCH_HERD_REPS, default 3).
"""
import os
import re
import statistics
import sys
import time

import measure

SIZES = [int(n) for n in os.environ.get("BENCH_HERD_SIZES", "1 8 32 128").split()]
REPS = int(os.environ.get("BENCH_HERD_REPS", "3"))
# What the runner that applied the migrations prints when it is done; the others print that they are up to date.
APPLIED = re.compile(r"^Applied \d+ migration\(s\); now at version \S+ in (\d+) ms$", re.MULTILINE)


def herd(argvs):
    """Starts every command at once; (seconds until the last exits, total CPU seconds). Any failure stops the benchmark."""
    log = os.path.join(measure.WORK, "herd.log")
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    actions = [(os.POSIX_SPAWN_DUP2, fd, 1), (os.POSIX_SPAWN_DUP2, fd, 2), (os.POSIX_SPAWN_CLOSE, fd)]
    start = time.perf_counter()
    pids = [os.posix_spawn(argv[0], argv, os.environ, file_actions=actions) for argv in argvs]
    cpu, failed = 0.0, []
    for pid in pids:
        _, status, usage = os.wait4(pid, 0)
        cpu += usage.ru_utime + usage.ru_stime
        if os.waitstatus_to_exitcode(status) != 0:
            failed.append(os.waitstatus_to_exitcode(status))
    wall = time.perf_counter() - start
    os.close(fd)
    if failed:
        sys.exit(f"{len(failed)} of {len(argvs)} runners failed (exit codes {sorted(set(failed))}):\n" + open(log).read()[-3000:])
    return wall, cpu


def holder():
    """The applying runner's own elapsed time as it prints it (from reading the migrations to releasing the lock),
    read from the last herd's log. Exactly one runner of a fresh herd applies; anything else stops the benchmark."""
    with open(os.path.join(measure.WORK, "herd.log")) as log:
        times = [int(m.group(1)) for m in APPLIED.finditer(log.read())]
    if len(times) != 1:
        sys.exit(f"{len(times)} runners of a fresh herd reported applying migrations (expected exactly one)")
    return times[0] / 1000


def main():
    m200 = measure.generate("herd200", 200, "realistic")
    results = {}
    for rep in range(REPS):
        for n in measure.rotated(rep, [(n, None) for n in SIZES]):
            n = n[0]
            measure.fresh_db("bench_herd")
            fresh = herd([measure.slipway("bench_herd", m200)] * n)
            applying = holder()
            applied = measure.sql("SELECT count(*) || '/' || count(DISTINCT version) FROM slipway_history WHERE success", "bench_herd")
            if applied != "200/200":
                sys.exit(f"{n} runners left {applied} successful history rows (expected 200/200)")
            noop = herd([measure.slipway("bench_herd", m200)] * n)
            floor = herd([measure.floor_noop("bench_herd", m200)] * n)
            dotnet = herd([measure.runtime_floor("bench_herd", m200)] * n)
            for key, value in (("fresh", fresh), ("noop", noop), ("psql", floor), ("dotnet", dotnet), ("holder", (applying,))):
                results.setdefault((n, key), []).append(value)
            print(f"  rep {rep + 1}, {n:>3} runners: fresh {fresh[0] * 1000:.0f} ms (its apply {applying * 1000:.0f} ms), up to date {noop[0] * 1000:.0f} ms, psql {floor[0] * 1000:.0f} ms, "
                  f".NET floor {dotnet[0] * 1000:.0f} ms")

    def med(n, key, i=0):
        return statistics.median(r[i] for r in results[(n, key)])

    one = min(SIZES)
    lines = [
        f"Waiting herd, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: medians of {REPS} repetitions, wall until the last runner exits",
        "(its apply: the applying runner's own elapsed time as it prints it, from reading the migrations to releasing the lock; the rest of 'fresh' is",
        "starting N processes, the waiters' re-check and their exit)",
        f"{'runners':>8} {'fresh':>10} {'x one':>7} {'its apply':>10} {'up to date':>11} {'x psql':>7} {'psql select 1':>14} {'CPU/run fresh':>14} {'CPU/run no-op':>14} {'.NET floor':>11} {'x psql':>7}",
    ]
    for n in SIZES:
        lines.append(f"{n:>8} {med(n, 'fresh') * 1000:>8.0f}ms {med(n, 'fresh') / med(one, 'fresh'):>6.2f}x {med(n, 'holder') * 1000:>8.0f}ms {med(n, 'noop') * 1000:>9.0f}ms "
                     f"{med(n, 'noop') / med(n, 'psql'):>6.2f}x {med(n, 'psql') * 1000:>12.0f}ms "
                     f"{med(n, 'fresh', 1) / n * 1000:>12.0f}ms {med(n, 'noop', 1) / n * 1000:>12.0f}ms "
                     f"{med(n, 'dotnet') * 1000:>9.0f}ms {med(n, 'dotnet') / med(n, 'psql'):>6.2f}x")
    largest = 32 if 32 in SIZES else max(SIZES)
    lines += [
        "targets:",
        measure.check(f"{largest} runners on a fresh database within 2x one runner", med(largest, "fresh") <= 2 * med(one, "fresh")),
        measure.check(f"{largest} concurrent no-op runs within 1.3x {largest} concurrent psql -c 'select 1'", med(largest, "noop") <= 1.3 * med(largest, "psql")),
    ]
    measure.publish("\n".join(lines) + "\n", None, "herd-latest.txt")


if __name__ == "__main__":
    main()
