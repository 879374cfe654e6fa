using System.Text;
using Npgsql;
using Slipway.Diagnostics;
using Slipway.Sql;

namespace Slipway.Postgres;

/// <summary>
/// Writes a (scratch) database as one script for <c>squash</c>: <c>pg_dump</c>'s plain output with rows as
/// INSERT statements, reduced to its statements. Comments, banners and psql commands are dropped, and so are
/// pg_dump's session settings: a baseline runs in a migration session, where they would outlive the script.
/// </summary>
internal static class PostgresScripter
{
    // pg_dump turns function body checks off, since functions come before the tables they read: the same
    // for this transaction only.
    private const string Preamble = "SET LOCAL check_function_bodies = false;\n\n";

    public static async Task<string> ScriptAsync(PostgresOptions options, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        string[] args =
        [
            "--no-password", "--no-owner", "--no-tablespaces", "--no-publications", "--no-subscriptions", "--no-security-labels",
            "--column-inserts", "--exclude-table=" + options.HistoryTable.Quoted,
        ];
        var dump = await PgToolProcess.RunAsync(options.ToolsDirectory, "pg_dump", args, connection, "slipway-squash",
            message => new ConfigurationException("squash writes the schema with pg_dump: " + message), cancellationToken);
        if (dump.ExitCode != 0)
        {
            throw new ConfigurationException($"pg_dump of {options.DisplayName} failed (exit code {dump.ExitCode}): {PgToolProcess.Redact(dump.Stderr, connection)}");
        }

        return Reduce(dump.Stdout);
    }

    /// <summary>pg_dump's output as statements only.</summary>
    internal static string Reduce(string dump)
    {
        // psql's \restrict/\unrestrict lines carry a random key and are not SQL.
        var lines = dump.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(l => !l.StartsWith("\\restrict ", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict ", StringComparison.Ordinal));
        var text = new StringBuilder(Preamble);
        foreach (var statement in SqlSplitter.Split(string.Join('\n', lines), SqlDialect.PostgreSql))
        {
            if (statement.Tokens.Count == 0 || statement.WordAt(0, "SET") || IsSetConfig(statement))
            {
                continue;
            }

            // migrate creates the history table's schema before the baseline runs: it may exist already.
            var sql = statement.WordAt(0, "CREATE") && statement.WordAt(1, "SCHEMA") && !statement.WordAt(2, "IF")
                ? "CREATE SCHEMA IF NOT EXISTS" + statement.Sql[(statement.Sql.IndexOf("SCHEMA", StringComparison.OrdinalIgnoreCase) + "SCHEMA".Length)..]
                : statement.Sql;
            text.Append(sql).Append(";\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static bool IsSetConfig(SqlStatement statement) =>
        statement.WordAt(0, "SELECT") && statement.Sql.Contains("set_config(", StringComparison.Ordinal) && statement.Tokens.Count <= 12;
}
