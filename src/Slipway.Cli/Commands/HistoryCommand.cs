using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Slipway.Cli.Configuration;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Cli.Commands;

/// <summary>
/// <c>slipway history [--json]</c>: every row of the history table, oldest first — migrations, repeatables,
/// baselines, rollbacks and repairs — with who, where, when, how long and the backup taken.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create(CommonOptions common)
    {
        var json = new Option<bool>("--json") { Description = "Print the full audit history as one JSON document" };
        var command = new Command("history", "Show the full audit history of schema changes (every history row)") { json };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, common, "history", async (context, ct) =>
        {
            IReadOnlyList<AppliedMigration> rows;
            await using (var session = await context.Provider.OpenAsync(ct))
            {
                rows = await session.ReadHistoryAsync(includeDownScripts: false, ct);
            }

            if (result.GetValue(json) || context.Output.Json)
            {
                context.Output.Document(ToJson(context.Provider.DisplayName, rows));
            }
            else
            {
                Print(context, rows);
            }

            return new CommandOutcome(0, rows.Where(r => r.Kind == MigrationKind.Versioned && r.Success && r.Version is not null).Select(r => r.Version!).DefaultIfEmpty().Max()?.Text);
        }, cancellationToken));
        return command;
    }

    internal static string ToJson(string database, IReadOnlyList<AppliedMigration> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event", "history");
            writer.WriteString("database", database);
            writer.WriteNumber("count", rows.Count);
            writer.WriteStartArray("rows");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", row.Id);
                writer.WriteString("version", row.Version?.Text);
                writer.WriteString("description", row.Description);
                writer.WriteString("kind", row.Kind.ToText());
                writer.WriteString("script", row.Script);
                writer.WriteString("checksum", row.Checksum);
                writer.WriteNumber("checksum_algorithm", row.ChecksumAlgorithm);
                writer.WriteString("phase", row.Phase.ToText());
                writer.WriteString("applied_by", row.AppliedBy);
                writer.WriteString("host", row.Host);
                writer.WriteString("app_version", row.AppVersion);
                writer.WriteString("started_at", row.StartedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                writer.WriteString("finished_at", row.FinishedAt?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                writer.WriteNumber("execution_ms", row.ExecutionMs);
                writer.WriteBoolean("success", row.Success);
                writer.WriteNumber("statements", row.StatementsDone);
                writer.WriteString("backup_file", row.BackupFile);
                writer.WriteString("note", row.Note);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Print(RunContext context, IReadOnlyList<AppliedMigration> rows)
    {
        context.Output.Line($"History of {context.Provider.DisplayName}: {rows.Count} row(s)");
        string[] header = ["Id", "Version", "Kind", "Script", "Started (UTC)", "By", "Host", "ms", "OK", "Backup / note"];
        var cells = rows.Select(r => new[]
        {
            r.Id.ToString(CultureInfo.InvariantCulture),
            r.Version?.Text ?? string.Empty,
            r.Kind.ToText(),
            r.Script,
            r.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            r.AppliedBy ?? string.Empty,
            r.Host ?? string.Empty,
            r.ExecutionMs.ToString(CultureInfo.InvariantCulture),
            r.Success ? "yes" : "NO",
            string.Join(" ", new[] { r.BackupFile, r.Note }.Where(s => !string.IsNullOrEmpty(s))),
        }).ToList();
        var widths = header.Select((h, i) => cells.Select(c => c[i].Length).Append(h.Length).Max()).ToArray();
        context.Output.Line(string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        context.Output.Line(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var (row, cell) in rows.Zip(cells))
        {
            context.Output.Line(string.Join(" | ", cell.Select((c, i) => c.PadRight(widths[i]))).TrimEnd(), row.Success ? null : ConsoleColor.Red);
        }
    }
}
