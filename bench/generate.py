#!/usr/bin/env python3
"""Writes the benchmark migrations: the same SQL as Flyway-named files (slipway), dbmate files
(-- migrate:up) and one psql script that wraps each file in BEGIN; ... COMMIT; (the floor).

With DIALECT mysql the same migrations in MySQL's dialect (the same random choices, MySQL types,
stored functions in BEGIN ... END): the slipway files and the floor (one script for the mariadb client,
every file in order, in autocommit as DDL commits anyway) use the client's DELIMITER command for a
function; dbmate, which sends a file as one multi-statement query, gets the form without it.

usage: generate.py OUT_DIR COUNT KIND [DIALECT]     KIND is 'realistic' or 'small'; DIALECT 'postgres' (default) or 'mysql'
"""
import os
import random
import sys

WORDS = ["account", "invoice", "order", "product", "customer", "shipment", "payment", "review",
         "category", "supplier", "warehouse", "coupon", "session", "audit", "tenant", "plan"]
TYPES = ["text", "integer", "bigint", "numeric(12,2)", "boolean", "timestamptz", "date", "jsonb"]
MYSQL_TYPES = {"text": "varchar(200)", "integer": "int", "bigint": "bigint", "numeric(12,2)": "decimal(12,2)",
               "boolean": "boolean", "timestamptz": "datetime(6)", "date": "date", "jsonb": "json"}


def literal(rng, sql_type, mysql=False):
    if sql_type == "text":
        return "'" + rng.choice(WORDS) + "-" + str(rng.randint(1, 10**6)) + "'"
    if sql_type in ("integer", "bigint"):
        return str(rng.randint(0, 10**6))
    if sql_type == "numeric(12,2)":
        return f"{rng.randint(0, 10**6)}.{rng.randint(0, 99):02d}"
    if sql_type == "boolean":
        return rng.choice(["true", "false"])
    if sql_type == "timestamptz":
        stamp = f"'2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:00:00"
        return stamp + ("'" if mysql else "+00'")
    if sql_type == "date":
        return f"'2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}'"
    return "'{\"k\": " + str(rng.randint(0, 999)) + "}'"


class Schema:
    """Tracks the tables created so far so later ALTERs, indexes and INSERTs are valid."""

    def __init__(self, mysql=False):
        self.tables = {}  # name -> list of (column, type)
        self.mysql = mysql

    def type(self, sql_type):
        return MYSQL_TYPES[sql_type] if self.mysql else sql_type

    def create_table(self, rng, n):
        name = f"{rng.choice(WORDS)}_{n}"
        cols = [(f"{rng.choice(WORDS)}_{i}", rng.choice(TYPES)) for i in range(rng.randint(3, 9))]
        refs = [t for t in self.tables if rng.random() < 0.02][:1]
        identity = "bigint AUTO_INCREMENT PRIMARY KEY" if self.mysql else "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        lines = [f"    id {identity}"]
        lines += [f"    {c} {self.type(t)}{' NOT NULL' if i == 0 else ''}" for i, (c, t) in enumerate(cols)]
        if self.mysql:
            # MySQL ignores REFERENCES on a column: the foreign key is a table constraint.
            lines += [f"    {r}_id bigint" for r in refs]
            lines.append("    created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)")
            lines += [f"    FOREIGN KEY ({r}_id) REFERENCES {r} (id)" for r in refs]
        else:
            lines += [f"    {r}_id bigint REFERENCES {r} (id)" for r in refs]
            lines.append("    created_at timestamptz NOT NULL DEFAULT now()")
        self.tables[name] = cols
        sql = f"-- {name}: created by the benchmark generator\nCREATE TABLE {name} (\n" + ",\n".join(lines) + "\n);\n"
        sql += f"CREATE INDEX {name}_created_idx ON {name} (created_at);\n"
        if self.mysql:
            sql += f"ALTER TABLE {name} COMMENT = 'benchmark table {n}';\n"
        else:
            sql += f"COMMENT ON TABLE {name} IS 'benchmark table {n}';\n"
        return f"create_{name}", sql

    def alter_table(self, rng, n):
        name = rng.choice(list(self.tables))
        col = f"extra_{n}"
        sql_type = rng.choice(TYPES)
        self.tables[name].append((col, sql_type))
        sql = f"ALTER TABLE {name} ADD COLUMN {col} {self.type(sql_type)};\n"
        if sql_type in ("integer", "bigint", "numeric(12,2)"):
            sql += f"ALTER TABLE {name} ADD CONSTRAINT {name}_{col}_check CHECK ({col} >= 0);\n"
        elif sql_type == "text":
            sql += f"ALTER TABLE {name} ALTER COLUMN {col} SET DEFAULT '';\n"
        return f"alter_{name}_add_{col}", sql

    def create_index(self, rng, n):
        name = rng.choice(list(self.tables))
        col, sql_type = rng.choice(self.tables[name])
        # MySQL cannot index a json column as such: the index goes on created_at instead.
        key = "created_at" if self.mysql and sql_type == "jsonb" else col
        return f"index_{name}_{col}", f"CREATE INDEX {name}_{col}_{n}_idx ON {name} ({key});\n"

    def insert_rows(self, rng, n):
        name = rng.choice(list(self.tables))
        cols = self.tables[name]
        rows = []
        for _ in range(rng.randint(20, 100)):
            rows.append("    (" + ", ".join(literal(rng, t, self.mysql) for _, t in cols) + ")")
        sql = f"INSERT INTO {name} ({', '.join(c for c, _ in cols)}) VALUES\n" + ",\n".join(rows) + ";\n"
        return f"seed_{name}", sql

    def create_view(self, rng, n):
        name = rng.choice(list(self.tables))
        cols = ", ".join(c for c, _ in self.tables[name][:3])
        since = "now() - INTERVAL 30 DAY" if self.mysql else "now() - interval '30 days'"
        sql = f"CREATE OR REPLACE VIEW {name}_recent_{n} AS\nSELECT id, {cols}, created_at FROM {name}\nWHERE created_at > {since};\n"
        return f"view_{name}_recent", sql

    def create_function(self, rng, n):
        name = rng.choice(list(self.tables))
        if self.mysql:
            # DELIMITER_START/END mark where the mariadb client needs its DELIMITER command (see main).
            sql = (f"DELIMITER_START\nCREATE FUNCTION {name}_count_{n}() RETURNS bigint\nREADS SQL DATA\n"
                   f"BEGIN\n    DECLARE result bigint;\n    SELECT count(*) INTO result FROM {name}; -- a comment; with a semicolon\n"
                   f"    RETURN result;\nEND DELIMITER_END\n")
            return f"function_{name}_count", sql
        sql = (f"CREATE OR REPLACE FUNCTION {name}_count_{n}() RETURNS bigint\nLANGUAGE plpgsql STABLE AS $$\n"
               f"DECLARE result bigint;\nBEGIN\n    SELECT count(*) INTO result FROM {name}; -- a comment; with a semicolon\n"
               f"    RETURN result;\nEND;\n$$;\n")
        return f"function_{name}_count", sql


def realistic(count, mysql=False, seed=20261125):
    rng = random.Random(seed)
    schema = Schema(mysql)
    steps = [(schema.create_table, 30), (schema.alter_table, 22), (schema.create_index, 15),
             (schema.insert_rows, 23), (schema.create_view, 5), (schema.create_function, 5)]
    for n in range(1, count + 1):
        if n <= 5:
            step = schema.create_table
        else:
            step = rng.choices([s for s, _ in steps], weights=[w for _, w in steps])[0]
        yield step(rng, n)


def small(count):
    yield "create_counters", "CREATE TABLE counters (id integer PRIMARY KEY, note text NOT NULL);\n"
    for n in range(2, count + 1):
        yield f"counter_{n}", f"INSERT INTO counters (id, note) VALUES ({n}, 'migration {n}');\n"


# The second floor: psql running, around each file, the statements slipway adds for safety (the same
# history table and index, its per-transaction limits, the "not applied yet" guard and the history
# row), still one round trip per statement. What slipway costs beyond it is its own overhead.
HISTORY_TABLE = """CREATE TABLE slipway_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, version text, description text NOT NULL, kind text NOT NULL,
    script text NOT NULL, checksum text, checksum_algorithm integer NOT NULL DEFAULT 1, phase text NOT NULL DEFAULT 'pre-deploy',
    applied_by text NOT NULL DEFAULT current_user, host text, app_version text, started_at timestamptz NOT NULL,
    finished_at timestamptz, execution_ms bigint NOT NULL DEFAULT 0, success boolean NOT NULL,
    statements_done integer NOT NULL DEFAULT 0, down_script text, backup_file text, note text);
CREATE UNIQUE INDEX slipway_history_version_uq ON slipway_history (version) WHERE kind = 'versioned';
"""
BOOKKEEPING_BEGIN = """BEGIN;
SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 5000; SET LOCAL client_connection_check_interval = 1000;
SELECT 1 / (NOT EXISTS (SELECT 1 FROM slipway_history WHERE kind = 'versioned' AND version = '{version}' AND success))::int;
"""
BOOKKEEPING_COMMIT = """INSERT INTO slipway_history (version, description, kind, script, checksum, phase, host, app_version, started_at,
    finished_at, execution_ms, success) VALUES ('{version}', '{name}', 'versioned', 'V{version}__{name}.sql',
    '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'pre-deploy', 'bench', '1.0', now(), clock_timestamp(),
    (extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint, true);
COMMIT;
"""


def client_form(sql):
    """The mariadb client's form: a function body between DELIMITER commands (slipway reads it too)."""
    return sql.replace("DELIMITER_START\n", "DELIMITER //\n").replace(" DELIMITER_END\n", "//\nDELIMITER ;\n")


def server_form(sql):
    """golang-migrate's and dbmate's form: the file is one multi-statement query, the server ends the body."""
    return sql.replace("DELIMITER_START\n", "").replace(" DELIMITER_END\n", ";\n")


def main_mysql(out, count, kind):
    migrations = list(realistic(count, mysql=True) if kind == "realistic" else small(count))
    slipway_dir, dbmate_dir = os.path.join(out, "slipway"), os.path.join(out, "dbmate")
    os.makedirs(slipway_dir)
    os.makedirs(dbmate_dir)
    width = len(str(count))
    with open(os.path.join(out, "floor.sql"), "w") as floor:
        for n, (name, sql) in enumerate(migrations, start=1):
            with open(os.path.join(slipway_dir, f"V{n}__{name}.sql"), "w") as f:
                f.write(client_form(sql))
            with open(os.path.join(dbmate_dir, f"{n:0{width}d}_{name}.sql"), "w") as f:
                f.write("-- migrate:up\n" + server_form(sql) + "\n-- migrate:down\n")
            floor.write(client_form(sql))
    total = sum(len(sql) for _, sql in migrations)
    print(f"{count} {kind} migrations (mysql), {total // 1024} KiB of SQL")


def main():
    out, count, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if len(sys.argv) > 4 and sys.argv[4] == "mysql":
        main_mysql(out, count, kind)
        return
    migrations = list(realistic(count) if kind == "realistic" else small(count))
    slipway_dir, dbmate_dir = os.path.join(out, "slipway"), os.path.join(out, "dbmate")
    os.makedirs(slipway_dir)
    os.makedirs(dbmate_dir)
    width = len(str(count))
    with open(os.path.join(out, "floor.sql"), "w") as floor, open(os.path.join(out, "floor-bookkeeping.sql"), "w") as kept:
        floor.write("\\set ON_ERROR_STOP on\n")
        kept.write("\\set ON_ERROR_STOP on\n" + HISTORY_TABLE)
        for n, (name, sql) in enumerate(migrations, start=1):
            with open(os.path.join(slipway_dir, f"V{n}__{name}.sql"), "w") as f:
                f.write(sql)
            # dbmate orders by file name: zero-pad so version 10 sorts after 9.
            with open(os.path.join(dbmate_dir, f"{n:0{width}d}_{name}.sql"), "w") as f:
                f.write("-- migrate:up\n" + sql + "\n-- migrate:down\n")
            floor.write("BEGIN;\n" + sql + "COMMIT;\n")
            kept.write(BOOKKEEPING_BEGIN.format(version=n) + sql + BOOKKEEPING_COMMIT.format(version=n, name=name))
    total = sum(len(sql) for _, sql in migrations)
    print(f"{count} {kind} migrations, {total // 1024} KiB of SQL")


if __name__ == "__main__":
    main()
