namespace Slipway.Cli.Tests;

/// <summary>One bad situation: where, how it is set up, the command, and what slipway must answer.</summary>
internal sealed record BadSituation(string Backend, Func<Arranged, Task> Arrange, string[] Args, int ExitCode, string[] Says);

/// <summary>The table of bad situations <see cref="BadInputTests"/> runs, across PostgreSQL and SQLite.</summary>
internal static class BadSituations
{
    private const string Ok = "CREATE TABLE a (id int);";
    private const string Fails = "CREATE TABLE b (id int);\nINSERT INTO nowhere VALUES (1);\n";

    public static IReadOnlyDictionary<string, BadSituation> All { get; } = new Dictionary<string, BadSituation>
    {
        // Where the database is and who may use it.
        ["pg-database-missing"] = new("postgres", a => { a.Url = a.Postgres.Url.Replace(a.Postgres.Name, a.Postgres.Name + "_missing", StringComparison.Ordinal); return V1(a); },
            ["migrate"], 4, ["does not exist", "create it or fix the database name"]),
        ["pg-wrong-password"] = new("postgres", a => { a.Url = new UriBuilder(a.Postgres.Url) { Password = "Wr0ng-Passw0rd" }.Uri.ToString(); a.Secrets.Add("Wr0ng-Passw0rd"); return V1(a); },
            ["migrate"], 4, ["authentication failed", "check the user and password"]),
        ["pg-tls-not-offered"] = new("postgres", a => { a.Url += "?sslmode=require"; return V1(a); },
            ["migrate"], 4, ["TLS could not be set up", "enable ssl on the server", "sslmode=disable"]),
        ["pg-read-only-migrate"] = new("postgres", async a => { await V1(a); await ReadOnlyAsync(a); },
            ["migrate"], 77, ["read-only", "default_transaction_read_only", "writable primary"]),
        ["pg-read-only-baseline"] = new("postgres", async a => { await V1(a); await ReadOnlyAsync(a); },
            ["baseline", "--version", "1"], 77, ["read-only", "default_transaction_read_only"]),
        ["pg-read-only-repair"] = new("postgres", async a =>
            {
                await V1(a);
                await a.SlipwayAsync("migrate");
                a.Write("migrations/V1__a.sql", Ok + "\n-- reworded after it was applied\n");
                await ReadOnlyAsync(a);
            },
            ["repair"], 77, ["read-only", "default_transaction_read_only"]),
        ["pg-no-create-on-schema"] = new("postgres", async a => { await V1(a); await a.SqlAsync("REVOKE CREATE ON SCHEMA public FROM PUBLIC"); a.Url = await a.RoleUrlAsync(); },
            ["migrate"], 77, ["permission denied for schema public", "GRANT CREATE ON SCHEMA"]),
        ["pg-schema-missing-and-not-creatable"] = new("postgres", async a => { await V1(a); a.Url = await a.RoleUrlAsync(); },
            ["migrate", "--schema", "app"], 77, ["permission denied for database", "create the schema beforehand"]),
        ["pg-lock-held"] = new("postgres", async a => { await V1(a); a.Hold = () => HoldAdvisoryLockAsync(a); },
            ["migrate", "--lock-wait", "1s"], 3, ["Another runner held the migration lock", "--lock-wait"]),
        ["pg-foreign-history"] = new("postgres", async a => { await V1(a); await a.SqlAsync("CREATE TABLE slipway_history (id int, note text)"); },
            ["migrate"], 64, ["slipway_history", "version", "checksum"]),
        ["pg-history-missing-column"] = new("postgres", async a => { await V1(a); await a.SlipwayAsync("migrate"); await a.SqlAsync("ALTER TABLE slipway_history DROP COLUMN checksum"); },
            ["status"], 64, ["slipway_history", "checksum"]),

        // What the folder holds.
        ["pg-zero-byte-migration"] = new("postgres", a => { a.Write("migrations/V1__empty.sql", string.Empty); return Task.CompletedTask; },
            ["migrate"], 2, ["V1__empty.sql", "the migration is empty", "add its SQL or delete the file"]),
        ["pg-non-utf8-migration"] = new("postgres", a => { a.WriteBytes("migrations/V1__latin1.sql", [.. "INSERT INTO a VALUES ('caf"u8, 0xE9, .. "');"u8]); return Task.CompletedTask; },
            ["migrate"], 64, ["V1__latin1.sql' is not valid UTF-8", "byte 0xE9 at offset 26", "Save it as UTF-8"]),
        ["pg-down-never-applied"] = new("postgres", async a => { await V1(a); a.Write("migrations/V2__b.sql", "CREATE TABLE b (id int);"); a.Write("migrations/U2__b.sql", "DROP TABLE b;"); await a.SlipwayAsync("migrate", "--target", "1"); },
            ["rollback", "--to", "1"], 0, ["Nothing to roll back: at version 1"]),

        // A statement that fails mid-way, in each command.
        ["pg-migrate-fails-midway"] = new("postgres", async a => { await V1(a); await a.SlipwayAsync("migrate"); a.Write("migrations/V2__b.sql", Fails); },
            ["migrate"], 1, ["V2__b.sql at line 2: 42P01", "\"nowhere\" does not exist"]),
        ["pg-rollback-fails-midway"] = new("postgres", async a => { await V1(a); a.Write("migrations/V2__b.sql", "CREATE TABLE b (id int);"); a.Write("migrations/U2__b.sql", "DROP TABLE b;\nINSERT INTO nowhere VALUES (1);"); await a.SlipwayAsync("migrate"); },
            ["rollback", "--to", "1"], 1, ["U2__b.sql", "42P01", "\"nowhere\" does not exist"]),
        ["pg-verify-fails-midway"] = new("postgres", async a => { await V1(a); a.Write("migrations/U1__a.sql", "DROP TABLE a;"); a.Write("migrations/V2__b.sql", Fails); a.Write("migrations/U2__b.sql", "DROP TABLE b;"); },
            ["verify"], 1, ["V2__b.sql", "42P01"]),
        ["pg-plan-execute-fails-midway"] = new("postgres", async a => { await V1(a); await a.SlipwayAsync("migrate"); a.Write("migrations/V2__b.sql", Fails); },
            ["plan", "--execute"], 1, ["Dry run: V2__b.sql", "42P01", "nothing was changed"]),
        ["pg-backup-tools-missing"] = new("postgres", async a => { await V1(a); Directory.CreateDirectory(a.Dir["empty-bin"]); },
            ["backup", "--pg-bin", "empty-bin"], 12, ["pg_dump was not found", "install the PostgreSQL client tools", "--pg-bin"]),
        ["pg-migrate-backup-fails"] = new("postgres", async a => { await V1(a); Directory.CreateDirectory(a.Dir["empty-bin"]); },
            ["migrate", "--backup-dir", "backups", "--pg-bin", "empty-bin"], 12, ["pg_dump was not found"]),
        ["pg-lint-syntax-error-midway"] = new("postgres", a => { a.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);\nCREATE TABLE ( oops;\n"); return Task.CompletedTask; },
            ["lint"], 10, ["V1__a.sql:2", "syntax error", "Fix the syntax error"]),
        ["pg-migrate-lint-fails"] = new("postgres", a => { a.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);\nCREATE TABLE ( oops;\n"); return Task.CompletedTask; },
            ["migrate", "--lint"], 10, ["syntax error", "nothing was applied"]),

        // Configuration.
        ["unknown-url-scheme"] = new("sqlite", a => { a.Url = "oracle://app:Sup3rS3cret@db/shop"; a.Secrets.Add("Sup3rS3cret"); return V1(a); },
            ["migrate"], 64, ["--database-url / DATABASE_URL has an unsupported scheme 'oracle'", "postgresql://user:pass@host:5432/db", "mysql://user:pass@host:3306/db", "sqlite:path/to/file.db"]),
        ["url-without-scheme"] = new("sqlite", a => { a.Url = "db.example.com/shop"; return V1(a); },
            ["status"], 64, ["--database-url / DATABASE_URL has no scheme", "postgresql://"]),
        ["bad-lock-wait"] = new("sqlite", V1, ["migrate", "--lock-wait", "soon"], 64, ["--lock-wait / SLIPWAY_LOCK_WAIT is 'soon', not a duration"]),
        ["sqlite-schema-given"] = new("sqlite", V1, ["migrate", "--schema", "app"], 64, ["history schema is not supported for SQLite", "remove it"]),
        ["sqlite-lease-lock-mode"] = new("sqlite", V1, ["migrate", "--lock-mode", "lease"], 64, ["applies to PostgreSQL only"]),

        // SQLite files.
        ["sqlite-path-is-a-folder"] = new("sqlite", a => { Directory.CreateDirectory(a.Dir["app.db"]); return V1(a); },
            ["migrate"], 64, ["sqlite:app.db is a folder, not a database file", "name a file"]),
        ["sqlite-not-a-database"] = new("sqlite", a => { a.Write("app.db", new string('x', 4096)); return V1(a); },
            ["migrate"], 64, ["sqlite:app.db is not a usable SQLite database", "file is not a database", "point the database URL at the right file"]),
        ["sqlite-not-a-database-status"] = new("sqlite", a => { a.Write("app.db", "not sqlite"); return V1(a); },
            ["status"], 64, ["is not a usable SQLite database"]),
        ["sqlite-held-by-another-writer"] = new("sqlite", async a => { await V1(a); await a.SlipwayAsync("migrate"); a.Write("migrations/V2__b.sql", "CREATE TABLE b (id int);"); a.Hold = () => HoldSqliteAsync(a); },
            ["migrate", "--lock-wait", "1s"], 3, ["held", "lock", "--lock-wait"]),
        // On a database that exists: a new SQLite file is still created before validation fails.
        ["sqlite-zero-byte-migration"] = new("sqlite", async a => { await V1(a); await a.SlipwayAsync("migrate"); a.Write("migrations/V2__empty.sql", "  \n"); },
            ["migrate"], 2, ["V2__empty.sql", "the migration is empty"]),
        ["sqlite-non-utf8-migration"] = new("sqlite", a => { a.WriteBytes("migrations/V1__utf16ish.sql", [0x43, 0x52, 0xC3, 0x28, 0x0A]); return Task.CompletedTask; },
            ["migrate"], 64, ["V1__utf16ish.sql' is not valid UTF-8", "Save it as UTF-8"]),
        ["sqlite-down-never-applied"] = new("sqlite", async a => { await V1(a); a.Write("migrations/V2__b.sql", "CREATE TABLE b (id int);"); a.Write("migrations/U2__b.sql", "DROP TABLE b;"); await a.SlipwayAsync("migrate", "--target", "1"); },
            ["rollback", "--to", "1"], 0, ["Nothing to roll back: at version 1"]),
        ["sqlite-migrate-fails-midway"] = new("sqlite", async a => { await V1(a); await a.SlipwayAsync("migrate"); a.Write("migrations/V2__b.sql", Fails); },
            ["migrate"], 1, ["V2__b.sql", "no such table: nowhere"]),
        ["sqlite-rollback-fails-midway"] = new("sqlite", async a => { await V1(a); a.Write("migrations/V2__b.sql", "CREATE TABLE b (id int);"); a.Write("migrations/U2__b.sql", "DROP TABLE b;\nINSERT INTO nowhere VALUES (1);"); await a.SlipwayAsync("migrate"); },
            ["rollback", "--to", "1"], 1, ["U2__b.sql", "no such table: nowhere"]),
        ["sqlite-verify-fails-midway"] = new("sqlite", async a => { await V1(a); a.Write("migrations/U1__a.sql", "DROP TABLE a;"); a.Write("migrations/V2__b.sql", Fails); a.Write("migrations/U2__b.sql", "DROP TABLE b;"); await a.SlipwayAsync("migrate", "--target", "1"); },
            ["verify"], 1, ["V2__b.sql", "no such table: nowhere"]),
        ["sqlite-plan-execute-fails-midway"] = new("sqlite", async a => { await V1(a); await a.SlipwayAsync("migrate"); a.Write("migrations/V2__b.sql", Fails); },
            ["plan", "--execute"], 1, ["V2__b.sql", "no such table: nowhere", "nothing was changed"]),
        ["sqlite-baseline-refused"] = new("sqlite", async a => { await V1(a); await a.SlipwayAsync("migrate"); },
            ["baseline", "--version", "5"], 2, ["baseline is for a database that predates Slipway", "Nothing was changed"]),
        ["sqlite-repair-not-a-database"] = new("sqlite", a => { a.Write("app.db", new string('x', 2048)); return V1(a); },
            ["repair"], 64, ["is not a usable SQLite database"]),
        ["sqlite-backup-dir-is-a-file"] = new("sqlite", async a => { await V1(a); await a.SlipwayAsync("migrate"); a.Write("backups", "a file, not a folder"); },
            ["backup", "--backup-dir", "backups"], 64, ["--backup-dir / SLIPWAY_BACKUP_DIR names 'backups', which is a file", "name a folder"]),
        ["sqlite-lint-syntax-error-midway"] = new("sqlite", a => { a.Write("migrations/V1__a.sql", "CREATE TABLE a (id int);\nCREATE TABLE ( oops;\n"); return Task.CompletedTask; },
            ["lint", "--dialect", "postgres"], 10, ["V1__a.sql:2", "syntax error"]),
        ["sqlite-foreign-history"] = new("sqlite", async a => { await V1(a); await a.SqlAsync("CREATE TABLE slipway_history (id int, note text)"); },
            ["migrate"], 64, ["slipway_history", "version", "checksum"]),
        ["sqlite-history-missing-column"] = new("sqlite", async a => { await V1(a); await a.SlipwayAsync("migrate"); await a.SqlAsync("ALTER TABLE slipway_history DROP COLUMN checksum"); },
            ["status"], 64, ["slipway_history", "checksum"]),
    };

    private static Task V1(Arranged a)
    {
        a.Write("migrations/V1__a.sql", Ok);
        return Task.CompletedTask;
    }

    private static Task ReadOnlyAsync(Arranged a) =>
        Arranged.AdminAsync($"ALTER DATABASE \"{a.Postgres.Name}\" SET default_transaction_read_only = on");

    private static async Task<IAsyncDisposable> HoldAdvisoryLockAsync(Arranged a)
    {
        var holder = new Npgsql.NpgsqlConnection(a.Postgres.ConnectionString);
        await holder.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({ExitCodeTests.LockKey("slipway_history")})", holder);
        await command.ExecuteNonQueryAsync();
        return holder;
    }

    private static async Task<IAsyncDisposable> HoldSqliteAsync(Arranged a)
    {
        var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={a.Dir["app.db"]};Pooling=False");
        await holder.OpenAsync();
        await using var command = holder.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE";
        await command.ExecuteNonQueryAsync();
        return holder;
    }
}
