using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Slipway.Testing;

namespace Slipway.Cli.Tests;

/// <summary>
/// The world of one bad-situation test: a working folder, a PostgreSQL database of its own or an
/// SQLite file in the folder, the environment slipway runs with, and every secret it must not print.
/// </summary>
internal sealed class Arranged : IAsyncDisposable
{
    private readonly List<Func<Task>> _cleanup = [];

    private Arranged(TempDirectory dir, TestDatabase? database)
    {
        Dir = dir;
        Database = database;
        Environment["DATABASE_URL"] = database?.Url ?? "sqlite:app.db";
        if (database is not null)
        {
            Secrets.Add(PostgresServer.Password);
        }
    }

    public TempDirectory Dir { get; }

    public TestDatabase? Database { get; }

    public TestDatabase Postgres => Database ?? throw new InvalidOperationException("not PostgreSQL");

    public Dictionary<string, string?> Environment { get; } = [];

    /// <summary>Passwords that must never appear in the output.</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>
    /// Takes a lock that is held while slipway runs, released before the database is compared. Taken
    /// after the first snapshot: reading an SQLite file in this process would drop this process's locks on it.
    /// </summary>
    public Func<Task<IAsyncDisposable>> Hold { get; set; } = () => Task.FromResult<IAsyncDisposable>(new Nothing());

    public string Url
    {
        get => Environment["DATABASE_URL"]!;
        set => Environment["DATABASE_URL"] = value;
    }

    public static async Task<Arranged> CreateAsync(string backend, TempDirectory dir) =>
        new(dir, backend == "postgres" ? await PostgresServer.CreateDatabaseAsync("bad") : null);

    public void Write(string relativePath, string content) => Dir.Write(relativePath, content);

    public void WriteBytes(string relativePath, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Dir[relativePath])!);
        File.WriteAllBytes(Dir[relativePath], content);
    }

    /// <summary>Runs slipway as part of the arrangement; it must succeed.</summary>
    public async Task SlipwayAsync(params string[] args)
    {
        var result = await SlipwayProcess.RunAsync(Dir.Path, Environment, args);
        Assert.True(result.ExitCode == 0, "arrangement failed: " + result);
    }

    /// <summary>SQL on the target database, as its owner.</summary>
    public async Task SqlAsync(string sql)
    {
        if (Database is not null)
        {
            await Database.ExecuteAsync(sql);
            return;
        }

        await using var connection = new SqliteConnection($"Data Source={Dir["app.db"]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>SQL on the server's maintenance database (settings of the test database, roles).</summary>
    public static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A login role of its own with a password; returns a URL of the test database as that role.</summary>
    public async Task<string> RoleUrlAsync()
    {
        var role = "bad_" + Guid.NewGuid().ToString("N")[..10];
        var password = "pw-" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync($"CREATE ROLE {role} LOGIN PASSWORD '{password}'");
        _cleanup.Add(() => AdminAsync($"DROP ROLE IF EXISTS {role}"));
        Secrets.Add(password);
        return new UriBuilder(Postgres.Url) { UserName = role, Password = password }.Uri.ToString();
    }

    /// <summary>Every table with a digest of its rows (PostgreSQL), or every file of the folder with a digest of its bytes (SQLite).</summary>
    public async Task<string> SnapshotAsync()
    {
        var text = new StringBuilder();
        if (Database is not null)
        {
            foreach (var schema in await Database.ColumnAsync("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname <> 'information_schema' ORDER BY 1"))
            {
                text.Append("schema ").AppendLine(schema);
            }

            var relations = await Database.ColumnAsync(
                "SELECT c.relkind::text || ' ' || format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'v', 'i', 'S') AND n.nspname NOT LIKE 'pg_%' AND n.nspname <> 'information_schema' ORDER BY 1");
            foreach (var relation in relations)
            {
                text.Append(relation);
                if (relation.StartsWith("r ", StringComparison.Ordinal))
                {
                    var rows = await Database.ColumnAsync($"SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {relation[2..]} t");
                    text.Append(' ').Append(rows[0]);
                }

                text.AppendLine();
            }

            return text.ToString();
        }

        foreach (var entry in Directory.GetFileSystemEntries(Dir.Path).Order(StringComparer.Ordinal))
        {
            var digest = File.Exists(entry) ? Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(entry))) : "folder";
            text.Append(Path.GetFileName(entry)).Append(' ').AppendLine(digest);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (Database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await Database.DisposeAsync();
        }

        foreach (var step in _cleanup)
        {
            await step();
        }
    }

    public override string ToString() => Database is null ? "sqlite" : "postgres " + Database.Name.ToString(CultureInfo.InvariantCulture);

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
