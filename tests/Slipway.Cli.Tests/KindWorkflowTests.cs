using System.Diagnostics;
using System.Text;
using Npgsql;
using Slipway.Testing;
using Xunit.Abstractions;

namespace Slipway.Cli.Tests;

/// <summary>
/// .github/workflows/e2e-kind.yml is shipped for users to copy, so its checks must hold. This runs its
/// steps as written, in order, with bash as GitHub Actions does: every command that runs in a pod
/// (psql, pg_isready, slipway) and every shell check runs for real against the local PostgreSQL;
/// kubectl, helm, docker and kind are stand-ins (tests/Slipway.Cli.Tests/KindWorkflow) that run what the
/// chart's migration containers run, with the migrations of the image each release names.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KindWorkflowTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_step_of_the_kind_workflow_passes_against_a_local_postgres()
    {
        var workflow = Workflow.Load(Repository.PathOf(".github/workflows/e2e-kind.yml"));
        using var work = new TempDirectory();
        var prefix = "kind_" + Guid.NewGuid().ToString("N")[..8] + "_";
        PrepareCheckout(work);
        var admin = new Uri(PostgresServer.AdminUrl);
        var (slipway, slipwayArgs) = SlipwayProcess.Command;
        var environment = new Dictionary<string, string>(workflow.Environment)
        {
            ["PATH"] = work["shims"] + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["E2E_STATE"] = work["state"],
            ["E2E_DB_PREFIX"] = prefix,
            ["E2E_PG_HOST"] = admin.Host,
            ["E2E_PG_PORT"] = admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["E2E_PG_PASSWORD"] = PostgresServer.Password,
            ["E2E_PG_BIN"] = PostgresServer.BinDirectory,
            ["E2E_SLIPWAY"] = string.Join(' ', [slipway, .. slipwayArgs]),
            ["E2E_APP_IMAGE"] = workflow.Environment["APP_IMAGE"],
            ["E2E_MIGRATION_IMAGE"] = workflow.Environment["MIGRATION_IMAGE"],
        };

        var ran = new List<string>();
        try
        {
            foreach (var step in workflow.Steps.Where(s => s.Run is not null && s.Condition is null))
            {
                var (exitCode, log) = await RunStepAsync(work, step, environment);
                output.WriteLine($"== {step.Name}: exit {exitCode}\n{log}");
                Assert.True(exitCode == 0, $"step '{step.Name}' failed (exit {exitCode}):\n{log}");
                ran.Add(step.Name);
            }
        }
        finally
        {
            await DropDatabasesAsync(prefix);
        }

        // The steps that migrate and check the schema all ran; only checkout and the actions that
        // install helm and kind have no run script.
        Assert.Contains("Dev - init container db-migrate in every replica", ran);
        Assert.Contains("Prod - helm rollback to revision 1 undoes the migration revision 1 does not know", ran);
        Assert.Equal(workflow.Steps.Count(s => s.Run is not null && s.Condition is null), ran.Count);
    }

    private static void PrepareCheckout(TempDirectory work)
    {
        // A copy of what the steps read and write, so the workflow's added migrations never touch the repository.
        var migrations = Repository.PathOf("samples/SampleWebApp/migrations/postgres");
        Directory.CreateDirectory(work["checkout/samples/SampleWebApp/migrations/postgres"]);
        foreach (var file in Directory.EnumerateFiles(migrations))
        {
            File.Copy(file, work["checkout/samples/SampleWebApp/migrations/postgres/" + Path.GetFileName(file)]);
        }

        Directory.CreateDirectory(work["shims"]);
        foreach (var shim in Directory.EnumerateFiles(Repository.PathOf("tests/Slipway.Cli.Tests/KindWorkflow")))
        {
            var target = work["shims/" + Path.GetFileName(shim)];
            File.Copy(shim, target);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.CreateDirectory(work["state"]);
    }

    private static async Task<(int ExitCode, string Log)> RunStepAsync(TempDirectory work, Workflow.Step step, Dictionary<string, string> environment)
    {
        // GitHub Actions runs `run:` with `bash --noprofile --norc -eo pipefail {0}`.
        var script = work.Write("step.sh", step.Run!.Replace("${{ github.sha }}", "0123456789abcdef", StringComparison.Ordinal));
        var info = new ProcessStartInfo("bash") { WorkingDirectory = work["checkout"], RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", script })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var log = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        log.Append(await stdout).Append(await stderr);
        return (process.ExitCode, log.ToString().Replace(PostgresServer.Password, "***", StringComparison.Ordinal));
    }

    private static async Task DropDatabasesAsync(string prefix)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString("postgres"));
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE '{prefix}%'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
