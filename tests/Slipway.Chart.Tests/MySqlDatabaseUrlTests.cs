using System.Text.RegularExpressions;
using MySqlConnector;
using Slipway.MySql;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>
/// docs/kubernetes.md's MySQL example, as written: the Secrets' URLs are ones slipway accepts, the values
/// block renders a migration Job that reads the migration Secret and the MySQL folder the images ship, and
/// that Job's container migrates a real MariaDB.
/// </summary>
public sealed partial class MySqlDatabaseUrlTests
{
    [Fact]
    public async Task The_documented_mysql_secrets_and_values_render_a_migration_job_that_migrates_mariadb_from_either_image()
    {
        var urls = DocumentedCommands.ShellCommands()
            .Where(c => c.Words is ["kubectl", "create", "secret", "generic", _, ..])
            .Select(c => (Secret: c.Words[4], Url: c.Words.Select(w => DatabaseUrlLiteral().Match(w)).FirstOrDefault(m => m.Success)?.Groups[1].Value))
            .Where(s => s.Url is not null && (s.Url.StartsWith("mysql://", StringComparison.Ordinal) || s.Url.StartsWith("mariadb://", StringComparison.Ordinal)))
            .ToDictionary(s => s.Secret, s => s.Url!);
        Assert.Equal(["db-credentials", "db-migration-credentials"], urls.Keys.Order(StringComparer.Ordinal));
        foreach (var url in urls.Values)
        {
            var options = MySqlConnectionUrl.Parse(url);
            Assert.Equal(MySqlSslMode.Required, new MySqlConnectionStringBuilder(options.ConnectionString).SslMode);
            Assert.DoesNotContain("CHANGE-ME", options.DisplayName, StringComparison.Ordinal);
        }

        var block = Assert.Single(DocumentedCommands.Blocks("yaml"), b => b.Body.Contains("/migrations/mysql", StringComparison.Ordinal));
        using var dir = new TempDirectory();
        var values = dir.Write("mysql.yaml", block.Body);
        foreach (var useAppImage in new[] { true, false })
        {
            var chart = await ChartRenderer.RenderAsync("-f", ChartRenderer.ValuesFile("values-prod.yaml"), "-f", values, "--set", $"migration.useAppImage={useAppImage.ToString().ToLowerInvariant()}");
            var container = Assert.Single(chart.JobWithHook("pre-install,pre-upgrade").Spec.Template.Spec.Containers);
            Assert.Equal("/migrations/mysql", container.Env.Single(e => e.Name == "SLIPWAY_MIGRATIONS").Value);
            Assert.Equal("db-migration-credentials", container.Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Name);
            Assert.Equal("db-credentials", chart.Deployment.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Name);

            // The documented owner URL with this server's address, user, password and database; the test server
            // offers no TLS, so its sslmode is what the parse above checked.
            await using var db = await MariaDbServer.CreateDatabaseAsync("chart");
            var live = new Uri(db.Url);
            var target = new UriBuilder(urls["db-migration-credentials"])
            {
                Host = live.Host,
                Port = live.Port,
                UserName = live.UserInfo.Split(':', 2)[0],
                Password = live.UserInfo.Split(':', 2)[1],
                Path = live.AbsolutePath,
                Query = string.Empty,
            }.Uri.ToString();
            var pod = new SimulatedPod(ImageFilesystem.OfDockerfile(useAppImage ? "app" : "migration"), new Dictionary<(string, string), string> { [("db-migration-credentials", "database-url")] = target });

            using var run = pod.Start(container, "web-sample-web-app-migrate-x7k2p");
            var result = await run.WaitAsync(TimeSpan.FromMinutes(2));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(["1", "2", "3", "4", "5", "6"], await db.ColumnAsync("SELECT version FROM slipway_history WHERE kind = 'versioned' AND success ORDER BY id"));
            Assert.True(await db.TableExistsAsync("notes"));
            Assert.DoesNotContain(MariaDbServer.Password, result.All, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("^--from-literal=database-url='?([^']*)'?$")]
    private static partial Regex DatabaseUrlLiteral();
}
