using PuppeteerSharp;
using Slipway.Testing;

namespace SampleWebApp.Tests;

/// <summary>
/// What a person sees: the real app on a loopback port, driven by the system's headless Chromium
/// (installed by scripts/setup.d/20-chromium.sh; never downloaded by the driver).
/// </summary>
public sealed class BrowserTests : IDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_person_adds_a_note_and_sees_applied_and_highlighted_pending_migrations_on_the_status_page()
    {
        // Migrated by the real CLI; the app is built with one more migration than the database has.
        var databaseUrl = "sqlite:" + _dir["notes.db"];
        var migrate = await SlipwayProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl },
            ["migrate", "--migrations", SampleApp.MigrationsOf("sqlite")]);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        foreach (var file in Directory.GetFiles(SampleApp.MigrationsOf("sqlite")))
        {
            _dir.Write("m/" + Path.GetFileName(file), await File.ReadAllTextAsync(file));
        }

        _dir.Write("m/V5__add_note_colour.sql", "ALTER TABLE notes ADD COLUMN colour TEXT;");

        await using var app = await RunningApp.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DATABASE_URL"] = databaseUrl,
            ["Slipway__MigrationsPath"] = _dir["m"],
            ["StatusKey"] = SampleApp.StatusKey,
        });
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SLIPWAY_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
            UserDataDir = _dir["chromium-profile"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });

        await page.GoToAsync(app.Address.ToString(), WaitUntilNavigation.Load);
        Assert.Contains("No notes yet", await page.EvaluateExpressionAsync<string>("document.body.innerText"), StringComparison.Ordinal);
        await page.TypeAsync("input[name=title]", "Buy milk");
        await page.TypeAsync("textarea[name=body]", "Two litres, semi-skimmed");
        await page.ClickAsync("input[name=pinned]");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("form.stack button[type=submit]"));
        var notes = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#notes article')].map(a => a.innerText)");
        var note = Assert.Single(notes);
        Assert.Contains("Buy milk", note, StringComparison.Ordinal);
        Assert.Contains("Pinned", note, StringComparison.Ordinal);
        await page.ScreenshotAsync(Path.Combine(screenshots, "notes.png"), new ScreenshotOptions { FullPage = true });

        await page.SetExtraHttpHeadersAsync(new Dictionary<string, string> { ["X-Status-Key"] = SampleApp.StatusKey });
        var response = await page.GoToAsync(new Uri(app.Address, "slipway").ToString(), WaitUntilNavigation.Load);
        Assert.True(response.Ok, $"status page answered {response.Status}\n{app.Output}");
        var rows = await page.EvaluateExpressionAsync<string[][]>(
            "[...document.querySelectorAll('#migrations tbody tr')].map(r => [r.dataset.script, r.querySelector('.badge').innerText, getComputedStyle(r.cells[0]).backgroundColor, r.innerText])");
        Assert.Equal(
            ["V1__create_notes.sql", "V2__add_pinned_and_updated_at.sql", "V3__index_notes_created_at.sql", "V4__backfill_updated_at.sql", "V5__add_note_colour.sql", "R__notes_overview.sql"],
            rows.Select(r => r[0]));
        Assert.Equal(["applied", "applied", "applied", "applied", "pending", "applied"], rows.Select(r => r[1]));
        var pending = rows[4];
        Assert.Equal("rgb(255, 248, 197)", pending[2]);
        Assert.All(rows.Where(r => r[1] == "applied"), r => Assert.NotEqual(pending[2], r[2]));
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows[0][3]);
        Assert.Contains(" ms", rows[0][3], StringComparison.Ordinal);
        var banner = await page.EvaluateExpressionAsync<string>("document.querySelector('#readiness').innerText");
        Assert.StartsWith("Not ready", banner, StringComparison.Ordinal);
        Assert.Contains("V5__add_note_colour.sql", banner, StringComparison.Ordinal);
        Assert.Equal("4", await page.EvaluateExpressionAsync<string>("document.querySelector('#current-version').innerText"));
        var screenshot = Path.Combine(screenshots, "slipway-status.png");
        await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is suspiciously small");

        // Production logs are JSON lines for the log collector, and never contain the status key.
        Assert.Contains("{\"Timestamp\":", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SampleApp.StatusKey, app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_sees_the_last_recorded_drift_check_on_the_status_page()
    {
        var databaseUrl = "sqlite:" + _dir["notes.db"];
        var migrate = await SlipwayProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl },
            ["migrate", "--migrations", SampleApp.MigrationsOf("sqlite")]);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        await DriftStatusTests.RecordDriftAsync(_dir, databaseUrl, "CREATE INDEX notes_by_hand ON notes (title)");
        await using var app = await RunningApp.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DATABASE_URL"] = databaseUrl,
            ["StatusKey"] = SampleApp.StatusKey,
        });
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SLIPWAY_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
            UserDataDir = _dir["chromium-profile"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetExtraHttpHeadersAsync(new Dictionary<string, string> { ["X-Status-Key"] = SampleApp.StatusKey });

        var response = await page.GoToAsync(new Uri(app.Address, "slipway").ToString(), WaitUntilNavigation.Load);

        Assert.True(response.Ok, $"status page answered {response.Status}\n{app.Output}");
        var drift = await page.EvaluateExpressionAsync<string>("document.querySelector('#drift').innerText");
        Assert.Matches(@"^Drift 1 object\(s\) differ from the migrations at version 4, checked \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC:", drift);
        Assert.Equal(["+ index notes_by_hand"], await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#drift-objects li')].map(l => l.innerText)"));
        Assert.Equal("rgb(255, 235, 233)", await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector('#drift')).backgroundColor"));
        Assert.StartsWith("Ready", await page.EvaluateExpressionAsync<string>("document.querySelector('#readiness').innerText"), StringComparison.Ordinal);
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        await page.ScreenshotAsync(Path.Combine(screenshots, "slipway-status-drift.png"), new ScreenshotOptions { FullPage = true });
    }
}
