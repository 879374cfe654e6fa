using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace SampleWebApp.Pages;

/// <summary>The page frame and small helpers; every value that came from a user is encoded.</summary>
internal static class Html
{
    private const string Style = """
        body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
        header{background:#24292f;color:#fff;padding:.75rem 1.5rem;display:flex;gap:1.5rem;align-items:center}
        header a{color:#fff;text-decoration:none}
        header .brand{font-weight:700;font-size:1.15rem}
        main{max-width:48rem;margin:1.5rem auto;padding:0 1rem}
        .card{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:1rem 1.25rem;margin-bottom:1rem}
        .note h2{margin:0;font-size:1.1rem}
        .note .meta{color:#59636e;font-size:.85rem}
        .pinned{border-left:4px solid #bf8700}
        form.stack{display:grid;gap:.5rem}
        input[type=text],textarea{font:inherit;padding:.4rem;border:1px solid #d1d9e0;border-radius:6px}
        textarea{min-height:6rem}
        button{font:inherit;padding:.4rem 1rem;border-radius:6px;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer}
        button.danger{background:#fff;color:#d1242f;border-color:#d1242f}
        .empty{color:#59636e}
        """;

    public static string Page(string title, string body)
    {
        var html = new StringBuilder(2048);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" · Notes</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<header><a class=\"brand\" href=\"/\">Notes</a><a href=\"/api/notes\">API</a><a href=\"/slipway\">Schema status</a><a href=\"/healthz/ready\">Readiness</a></header>")
            .Append("<main>").Append(body).Append("</main></body></html>");
        return html.ToString();
    }

    public static string AntiforgeryField(IAntiforgery antiforgery, HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Encode(tokens.FormFieldName)}\" value=\"{Encode(tokens.RequestToken ?? string.Empty)}\">";
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
