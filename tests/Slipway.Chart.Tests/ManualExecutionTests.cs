using System.Text.RegularExpressions;
using k8s.Models;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// The manual commands of docs/kubernetes.md, exactly as written there, run as plain processes: the
/// part after <c>--</c> with the image's environment plus the <c>--env</c> given (kubectl run) or the
/// rendered app container's environment (kubectl exec).
/// </summary>
public sealed partial class ManualExecutionTests
{
    private static string DocumentedCommand(string prefix)
    {
        var text = File.ReadAllText(Repository.PathOf("docs/kubernetes.md")).Replace("\\\n", " ", StringComparison.Ordinal);
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"docs/kubernetes.md has no `{prefix}` command");
        return Regex.Replace(line, @"\s+", " ");
    }

    private static string[] SlipwayArgs(string command)
    {
        var args = command[(command.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ');
        Assert.Equal("slipway", args[0]);
        return args[1..];
    }

    [Fact]
    public async Task Documented_kubectl_run_with_the_migration_image_migrates_the_database()
    {
        var command = DocumentedCommand("kubectl run db-migrate");
        Assert.Contains("--restart=Never", command, StringComparison.Ordinal);
        Assert.Contains("--image=", command, StringComparison.Ordinal);
        var env = EnvFlag().Matches(command).Select(m => new V1EnvVar { Name = m.Groups[1].Value, Value = m.Groups[2].Value }).ToList();
        Assert.Equal("DATABASE_URL", Assert.Single(env).Name);
        await using var db = await PostgresServer.CreateDatabaseAsync("manualrun");
        var pod = new SimulatedPod(new ImageFilesystem(Repository.PathOf("samples/SampleWebApp/migrations/postgres")), new Dictionary<(string, string), string>());

        using var run = pod.Start([new V1EnvVar { Name = "DATABASE_URL", Value = db.Url }], SlipwayArgs(command), "db-migrate");
        var result = await run.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(SampleMigrations.Versions, await db.ColumnAsync("SELECT version FROM slipway_history WHERE kind = 'versioned' ORDER BY id"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'notes'"));
    }

    [Fact]
    public async Task Documented_kubectl_exec_slipway_status_in_an_app_pod_reports_the_schema_version()
    {
        var command = DocumentedCommand("kubectl exec");
        var app = (await ChartRenderer.RenderAsync("-f", ChartRenderer.ValuesFile("values-dev.yaml"))).Deployment.Spec.Template.Spec.Containers[0];
        await using var db = await PostgresServer.CreateDatabaseAsync("manualexec");
        var pod = new SimulatedPod(
            new ImageFilesystem(Repository.PathOf("samples/SampleWebApp/migrations/postgres"), stage: "app"),
            new Dictionary<(string, string), string> { [("db-credentials", "database-url")] = db.Url });
        using (var migrate = pod.Start(app.Env, ["migrate"], "web-0"))
        {
            Assert.Equal(0, (await migrate.WaitAsync(TimeSpan.FromMinutes(1))).ExitCode);
        }

        using var exec = pod.Start(app.Env, SlipwayArgs(command), "web-0");
        var result = await exec.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"version: {SampleMigrations.Latest}\s+pending: 0", result.Stdout);
        Assert.DoesNotContain(PostgresServer.Password, result.All, StringComparison.Ordinal);
    }

    [GeneratedRegex("--env=\"([A-Z_]+)=([^\"]*)\"")]
    private static partial Regex EnvFlag();
}
