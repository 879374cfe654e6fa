using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// The chart's two topologies, played out with the real slipway binary against real PostgreSQL using the
/// rendered containers' args and env: many init containers starting at once (dev), and a hook Job whose
/// first pod is SIGKILLed and retried within backoffLimit (prod). Each migration records its own
/// execution in a table with a primary key, so a second execution would fail the run.
/// </summary>
public sealed class SimulatedKubernetesTests
{
    private const int Migrations = 5;

    private static void WriteCountingMigrations(TempDirectory dir)
    {
        dir.Write("migrations/V1__executions.sql", "CREATE TABLE executions (version integer PRIMARY KEY);\nINSERT INTO executions VALUES (1);");
        for (var i = 2; i <= Migrations; i++)
        {
            var slow = i == 3 ? "SELECT pg_sleep(1.5);\n" : string.Empty;
            dir.Write($"migrations/V{i}__step.sql", $"{slow}CREATE TABLE step_{i} (id integer);\nINSERT INTO executions VALUES ({i});");
        }
    }

    private static Dictionary<(string, string), string> Secrets(TestDatabase db) => new() { [("db-credentials", "database-url")] = db.Url, [("db-migration-credentials", "database-url")] = db.Url };

    private static async Task AssertExactlyOnceAsync(TestDatabase db, int expected)
    {
        Assert.Equal(expected, await db.ScalarAsync<long>("SELECT count(*) FROM executions"));
        Assert.Equal(expected, await db.ScalarAsync<long>("SELECT count(*) FROM slipway_history WHERE success"));
        Assert.Equal(expected, await db.ScalarAsync<long>("SELECT count(DISTINCT version) FROM slipway_history"));
    }

    [Fact]
    public async Task Dev_topology_six_pods_starting_at_once_each_run_db_migrate_and_every_migration_is_applied_exactly_once()
    {
        var chart = await ChartRenderer.RenderAsync("-f", ChartRenderer.ValuesFile("values-dev.yaml"), "--set", "replicaCount=6");
        var deployment = chart.Deployment;
        var init = Assert.Single(deployment.Spec.Template.Spec.InitContainers);
        await using var db = await PostgresServer.CreateDatabaseAsync("k8sdev");
        using var dir = new TempDirectory();
        WriteCountingMigrations(dir);
        var pod = new SimulatedPod(new ImageFilesystem(dir["migrations"]), Secrets(db));

        var pods = Enumerable.Range(0, deployment.Spec.Replicas!.Value).Select(i => pod.Start(init, $"sample-web-app-7d9f-{i}")).ToList();
        var results = await Task.WhenAll(pods.Select(p => p.WaitAsync(TimeSpan.FromMinutes(2))));
        pods.ForEach(p => p.Dispose());

        Assert.Equal(6, results.Length);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        await AssertExactlyOnceAsync(db, Migrations);
        var hosts = await db.ColumnAsync("SELECT DISTINCT host FROM slipway_history");
        Assert.All(hosts, h => Assert.StartsWith("sample-web-app-7d9f-", h, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Prod_topology_a_hook_job_whose_first_pod_is_killed_succeeds_on_a_retry_within_backoff_limit_exactly_once()
    {
        var chart = await ChartRenderer.RenderAsync("-f", ChartRenderer.ValuesFile("values-prod.yaml"), "--api-versions", "monitoring.coreos.com/v1");
        var job = Assert.Single(chart.Jobs);
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        await using var db = await PostgresServer.CreateDatabaseAsync("k8sprod");
        using var dir = new TempDirectory();
        WriteCountingMigrations(dir);
        var pod = new SimulatedPod(new ImageFilesystem(dir["migrations"]), Secrets(db));

        // Kubernetes counts failed pods; the Job fails once failures exceed backoffLimit.
        var failures = 0;
        ProcessResult? success = null;
        using (var first = pod.Start(container, "migrate-attempt-0"))
        {
            await WaitUntilAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'step_2'") == 1);
            first.Signal(9);
            Assert.NotEqual(0, (await first.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
            failures++;
        }

        while (success is null && failures <= job.Spec.BackoffLimit)
        {
            using var retry = pod.Start(container, $"migrate-attempt-{failures}");
            var result = await retry.WaitAsync(TimeSpan.FromSeconds(job.Spec.ActiveDeadlineSeconds!.Value));
            if (result.ExitCode == 0)
            {
                success = result;
            }
            else
            {
                failures++;
            }
        }

        Assert.NotNull(success);
        Assert.Equal(1, failures);
        await AssertExactlyOnceAsync(db, Migrations);
    }

    [Fact]
    public async Task Prod_topology_with_post_deploy_applies_expand_migrations_before_the_rollout_and_contract_migrations_after_it()
    {
        var chart = await ChartRenderer.RenderAsync("-f", ChartRenderer.ValuesFile("values-prod.yaml"), "--api-versions", "monitoring.coreos.com/v1", "--set", "migration.postDeploy.enabled=true,migration.postDeploy.helmWait=true");
        var pre = chart.JobWithHook("pre-install,pre-upgrade").Spec.Template.Spec.Containers[0];
        var post = chart.JobWithHook("post-install,post-upgrade").Spec.Template.Spec.Containers[0];
        await using var db = await PostgresServer.CreateDatabaseAsync("k8sphase");
        using var dir = new TempDirectory();
        dir.Write("migrations/V1__add_column.sql", "CREATE TABLE notes (id integer, title text, legacy text);");
        dir.Write("migrations/V2__drop_legacy.sql", "-- slipway: phase=post-deploy\nALTER TABLE notes DROP COLUMN legacy;");
        var pod = new SimulatedPod(new ImageFilesystem(dir["migrations"]), Secrets(db));
        const string LegacyColumns = "SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'legacy'";

        using (var preJob = pod.Start(pre, "migrate"))
        {
            var result = await preJob.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        Assert.Equal(1, await db.ScalarAsync<long>(LegacyColumns));
        using (var postJob = pod.Start(post, "migrate-post-deploy"))
        {
            var result = await postJob.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        Assert.Equal(0, await db.ScalarAsync<long>(LegacyColumns));
        Assert.Equal(["1", "2"], await db.ColumnAsync("SELECT version FROM slipway_history ORDER BY version"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the first attempt to start migrating");
            await Task.Delay(50);
        }
    }
}
