using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using SampleWebApp.Api;
using SampleWebApp.Data;
using SampleWebApp.Pages;
using SampleWebApp.Security;
using Slipway.AspNetCore.Health;

var builder = WebApplication.CreateBuilder(args);

if (builder.Environment.IsProduction())
{
    // One JSON object per line for the log collector.
    builder.Logging.ClearProviders().AddJsonConsole(o =>
    {
        o.UseUtcTimestamp = true;
        o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        o.IncludeScopes = true;
    });
}

// DATABASE_URL (a DML-only role in production); without it, an SQLite file beside the app.
var databaseUrl = builder.Configuration["DATABASE_URL"] is { Length: > 0 } configured
    ? configured
    : "sqlite:" + Path.Combine(builder.Environment.ContentRootPath, "sample-web-app.db");
var dialect = DatabaseDialects.Of(databaseUrl).MigrationsFolder();

builder.Services.AddSlipway(o =>
{
    o.DatabaseUrl ??= databaseUrl;
    if (o.Sources.Count == 0)
    {
        o.AddEmbeddedMigrations(typeof(Program).Assembly, $"migrations/{dialect}/");
    }
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => Database.FromUrl(databaseUrl));
builder.Services.AddSingleton<NoteStore>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default));
builder.Services.AddAntiforgery();
builder.Services.AddProblemDetails();

builder.Services.AddAuthentication(StatusKeyAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, StatusKeyAuthentication>(StatusKeyAuthentication.SchemeName, null);
var isDevelopment = builder.Environment.IsDevelopment();
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(StatusKeyAuthentication.Policy, p => p.RequireAssertion(c => isDevelopment || c.User.Identity?.IsAuthenticated == true));

builder.Services.AddOpenTelemetry().WithMetrics(m => m
    .AddMeter(SlipwayServiceCollectionExtensions.MeterName, "Microsoft.AspNetCore.Hosting")
    .AddPrometheusExporter());

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler();
}

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

// Liveness runs no check: a pod waiting for its schema is alive and must not be restarted.
app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
{
    Predicate = r => r.Tags.Contains(SlipwayServiceCollectionExtensions.ReadyTag),
    ResponseWriter = SlipwayHealthResponseWriter.WriteAsync,
});
app.MapSlipwayStatus("/slipway").RequireAuthorization(StatusKeyAuthentication.Policy);
app.MapPrometheusScrapingEndpoint("/metrics");
app.MapNotePages();
app.MapNotesApi();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
