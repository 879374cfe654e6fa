using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Planning;

namespace Slipway.AspNetCore.Status;

/// <summary>The status page: one self-contained HTML document, every value encoded.</summary>
internal static class StatusHtml
{
    private const string Style = """
        body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1f24}
        h1{font-size:1.5rem;margin:0 0 .25rem}
        .banner{padding:.75rem 1rem;border-radius:6px;margin:1rem 0;font-weight:600}
        .banner.ready{background:#dafbe1;border:1px solid #4ac26b}
        .banner.unready{background:#ffebe9;border:1px solid #ff8182}
        dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}
        dt{color:#59636e}
        table{border-collapse:collapse;width:100%;margin-top:1rem}
        th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d1d9e0;vertical-align:top}
        th{background:#f6f8fa}
        tr.state-pending td,tr.state-deferred td{background:#fff8c5}
        tr.state-failed td,tr.state-modified td,tr.state-out-of-order td{background:#ffebe9}
        tr.state-missing td{color:#59636e}
        .badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;border:1px solid #d1d9e0}
        tr.state-applied .badge{background:#dafbe1}
        tr.state-pending .badge,tr.state-deferred .badge{background:#ffd33d}
        tr.state-failed .badge,tr.state-modified .badge,tr.state-out-of-order .badge{background:#ff8182}
        .failure{background:#ffebe9;border:1px solid #ff8182;border-radius:6px;padding:.75rem 1rem;margin-top:1rem}
        code{font-size:.85rem}
        """;

    public static string Render(SchemaStatus status)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Slipway: schema status</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>Schema status</h1>");
        Append(html, "<p><code>", status.Database, "</code></p>");
        html.Append(status.IsReady ? "<div class=\"banner ready\" id=\"readiness\">Ready: " : "<div class=\"banner unready\" id=\"readiness\">Not ready: ")
            .Append(Encode(status.Summary())).Append("</div>");

        html.Append("<dl>");
        Term(html, "Current version", status.CurrentVersion?.Text ?? "(empty)", "current-version");
        Term(html, "Built with", status.ExpectedVersion?.Text ?? "(none)", "expected-version");
        Term(html, "Pending", status.PendingCount.ToString(CultureInfo.InvariantCulture), "pending-count");
        Term(html, "Checked at", Time(status.CheckedAt), "checked-at");
        html.Append("</dl>");

        if (status.LastFailure is { } failure)
        {
            html.Append("<div class=\"failure\" id=\"last-failure\"><strong>Last failure</strong> ")
                .Append(Encode(Time(failure.At))).Append(failure.Script is null ? string.Empty : " in <code>" + Encode(failure.Script) + "</code>")
                .Append("<br>").Append(Encode(failure.Message)).Append("</div>");
        }

        if (status.Error is null)
        {
            AppendDrift(html, status.Drift);
            AppendTable(html, status.Entries);
            AppendProblems(html, status.Problems);
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, IReadOnlyList<StatusEntry> entries)
    {
        html.Append("<table id=\"migrations\"><thead><tr><th>Version</th><th>Description</th><th>Phase</th><th>State</th>")
            .Append("<th>Applied at (UTC)</th><th>By</th><th>Host</th><th>Duration</th></tr></thead><tbody>");
        foreach (var entry in entries)
        {
            var state = entry.State.ToText();
            html.Append("<tr class=\"state-").Append(state).Append("\" data-script=\"").Append(Encode(entry.Script)).Append("\">");
            Cell(html, entry.Version?.Text ?? (entry.Kind == MigrationKind.Repeatable ? "R" : string.Empty));
            html.Append("<td>").Append(Encode(entry.Description)).Append("<br><code>").Append(Encode(entry.Script)).Append("</code></td>");
            Cell(html, entry.Phase.ToText());
            html.Append("<td><span class=\"badge\">").Append(Encode(state)).Append("</span></td>");
            var row = entry.Applied;
            Cell(html, row is null ? string.Empty : Time(row.FinishedAt ?? row.StartedAt));
            Cell(html, row?.AppliedBy ?? string.Empty);
            Cell(html, row?.Host ?? string.Empty);
            Cell(html, row is null ? string.Empty : row.ExecutionMs.ToString(CultureInfo.InvariantCulture) + " ms");
            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void AppendDrift(StringBuilder html, DriftCheck? drift)
    {
        if (drift is null)
        {
            html.Append("<p id=\"drift\" class=\"drift-unknown\">Drift: no check recorded yet (<code>slipway drift --record</code>).</p>");
            return;
        }

        var at = " at version " + (drift.Version ?? "(empty)") + ", checked " + Time(drift.CheckedAt) + " UTC";
        if (drift.Objects == 0)
        {
            Append(html, "<p id=\"drift\" class=\"drift-none\">", "Drift: none" + at + ".", "</p>");
            return;
        }

        Append(html, "<div class=\"failure\" id=\"drift\"><strong>Drift</strong> ", drift.Objects.ToString(CultureInfo.InvariantCulture) + " object(s) differ from the migrations" + at + ":", "<ul id=\"drift-objects\">");
        foreach (var (change, name) in drift.Listed())
        {
            Append(html, "<li>", (change switch { "extra" => "+ ", "missing" => "- ", _ => "~ " }) + name, "</li>");
        }

        html.Append("</ul></div>");
    }

    private static void AppendProblems(StringBuilder html, IReadOnlyList<ValidationProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        html.Append("<h2>Problems</h2><ul id=\"problems\">");
        foreach (var problem in problems)
        {
            Append(html, "<li>", problem.ToString(), "</li>");
        }

        html.Append("</ul>");
    }

    private static void Term(StringBuilder html, string term, string value, string id) =>
        html.Append("<dt>").Append(Encode(term)).Append("</dt><dd id=\"").Append(id).Append("\">").Append(Encode(value)).Append("</dd>");

    private static void Cell(StringBuilder html, string value) => Append(html, "<td>", value, "</td>");

    private static void Append(StringBuilder html, string open, string value, string close) =>
        html.Append(open).Append(Encode(value)).Append(close);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
