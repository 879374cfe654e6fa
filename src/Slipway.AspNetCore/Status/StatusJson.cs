using System.Text.Json;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Planning;

namespace Slipway.AspNetCore.Status;

/// <summary>The JSON form of the status, written by hand (no reflection; trimming-safe). Field names are stable.</summary>
internal static class StatusJson
{
    public static async Task WriteAsync(Stream body, SchemaStatus status, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("database", status.Database);
        json.WriteBoolean("ready", status.IsReady);
        json.WriteString("summary", status.Summary());
        json.WriteString("checkedAt", status.CheckedAt);
        WriteNullable(json, "currentVersion", status.CurrentVersion?.Text);
        WriteNullable(json, "expectedVersion", status.ExpectedVersion?.Text);
        json.WriteNumber("pendingCount", status.PendingCount);
        WriteNullable(json, "error", status.Error);
        WriteStrings(json, "missing", status.Missing.Select(e => e.Script));
        WriteStrings(json, "postDeployPending", status.PostDeployPending.Select(e => e.Script));
        if (status.LastFailure is { } failure)
        {
            json.WriteStartObject("lastFailure");
            json.WriteString("at", failure.At);
            WriteNullable(json, "script", failure.Script);
            json.WriteString("message", failure.Message);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("lastFailure");
        }

        WriteDrift(json, status.Drift);
        json.WriteStartArray("migrations");
        foreach (var entry in status.Entries)
        {
            json.WriteStartObject();
            WriteNullable(json, "version", entry.Version?.Text);
            json.WriteString("description", entry.Description);
            json.WriteString("script", entry.Script);
            json.WriteString("kind", entry.Kind.ToText());
            json.WriteString("phase", entry.Phase.ToText());
            json.WriteString("state", entry.State.ToText());
            if (entry.Applied is { } row)
            {
                json.WriteString("appliedAt", row.FinishedAt ?? row.StartedAt);
                WriteNullable(json, "appliedBy", row.AppliedBy);
                WriteNullable(json, "host", row.Host);
                WriteNullable(json, "appVersion", row.AppVersion);
                json.WriteNumber("executionMs", row.ExecutionMs);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("problems");
        foreach (var problem in status.Problems)
        {
            json.WriteStartObject();
            json.WriteString("severity", problem.Severity == Planning.ProblemSeverity.Error ? "error" : "warning");
            json.WriteString("code", problem.Code);
            json.WriteString("location", problem.Location);
            json.WriteString("message", problem.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteDrift(Utf8JsonWriter json, DriftCheck? drift)
    {
        if (drift is null)
        {
            json.WriteNull("drift");
            return;
        }

        json.WriteStartObject("drift");
        json.WriteString("checkedAt", drift.CheckedAt);
        WriteNullable(json, "version", drift.Version);
        json.WriteNumber("objects", drift.Objects);
        json.WriteNumber("excluded", drift.Excluded);
        json.WriteStartArray("differences");
        foreach (var (change, name) in drift.Listed())
        {
            json.WriteStartObject();
            json.WriteString("change", change);
            json.WriteString("object", name);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
