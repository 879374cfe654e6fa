using k8s.Models;

namespace Slipway.Chart.Tests;

/// <summary>The seed document's contract for values-dev.yaml, values-prod.yaml and the chart's options.</summary>
public sealed class ChartContractTests
{
    private static readonly string Dev = ChartRenderer.ValuesFile("values-dev.yaml");
    private static readonly string Prod = ChartRenderer.ValuesFile("values-prod.yaml");
    private const string Monitoring = "monitoring.coreos.com/v1";

    private static Task<RenderedChart> RenderProdAsync(params string[] more) =>
        ChartRenderer.RenderAsync(["-f", Prod, "--api-versions", Monitoring, .. more]);

    [Fact]
    public async Task Dev_values_run_migrations_in_an_init_container_named_db_migrate_from_the_app_image_and_render_no_job()
    {
        var chart = await ChartRenderer.RenderAsync("-f", Dev);

        var pod = chart.Deployment.Spec.Template.Spec;
        var init = Assert.Single(pod.InitContainers);
        Assert.Equal("db-migrate", init.Name);
        Assert.Equal(pod.Containers[0].Image, init.Image);
        Assert.Equal(["slipway"], init.Command);
        Assert.Equal(["migrate"], init.Args);
        Assert.Equal("60s", init.Env.Single(e => e.Name == "SLIPWAY_WAIT").Value);
        Assert.Empty(chart.Jobs);
    }

    [Fact]
    public async Task Prod_values_run_migrations_in_a_pre_install_pre_upgrade_hook_job_with_the_exact_annotations_and_no_init_container()
    {
        var chart = await RenderProdAsync();

        Assert.Null(chart.Deployment.Spec.Template.Spec.InitContainers);
        var job = Assert.Single(chart.Jobs);
        Assert.Equal(new Dictionary<string, string>
        {
            ["helm.sh/hook"] = "pre-install,pre-upgrade",
            ["helm.sh/hook-weight"] = "-5",
            ["helm.sh/hook-delete-policy"] = "before-hook-creation,hook-succeeded",
        }, job.Metadata.Annotations);
        Assert.Equal(2, job.Spec.BackoffLimit);
        Assert.Equal(900, job.Spec.ActiveDeadlineSeconds);
        Assert.Equal(86400, job.Spec.TtlSecondsAfterFinished);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal(["slipway"], container.Command);
        Assert.Equal(["migrate"], container.Args);
        Assert.Equal(chart.Deployment.Spec.Template.Spec.Containers[0].Image, container.Image);
        // A pre-install hook runs before the chart's ServiceAccount exists: the Job must not need it.
        Assert.Null(job.Spec.Template.Spec.ServiceAccountName);
    }

    [Fact]
    public async Task Dev_migrations_read_DATABASE_URL_from_the_db_credentials_secret_and_the_chart_never_creates_it()
    {
        var chart = await ChartRenderer.RenderAsync("-f", Dev);

        var containers = chart.PodSpecs.SelectMany(p => (p.InitContainers ?? []).Concat(p.Containers)).ToList();
        Assert.Equal(3, containers.Count); // app, db-migrate and the helm test pod's status
        Assert.All(containers, c => Assert.Equal(("db-credentials", "database-url"), SecretOf(c)));
        Assert.Empty(chart.All<V1Secret>());
    }

    [Fact]
    public async Task Prod_migrations_use_the_schema_owners_db_migration_credentials_while_the_app_keeps_db_credentials()
    {
        var chart = await RenderProdAsync("--set", "migration.postDeploy.enabled=true,migration.postDeploy.helmWait=true,migration.rollback.enabled=true");

        Assert.Equal(3, chart.Jobs.Count);
        Assert.All(chart.Jobs, j => Assert.Equal(("db-migration-credentials", "database-url"), SecretOf(j.Spec.Template.Spec.Containers[0])));
        Assert.Equal(("db-credentials", "database-url"), SecretOf(chart.Deployment.Spec.Template.Spec.Containers[0]));
        Assert.Empty(chart.All<V1Secret>());
    }

    private static (string, string) SecretOf(V1Container container)
    {
        var reference = container.Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef;
        return (reference.Name, reference.Key);
    }

    [Fact]
    public async Task A_separate_migration_secret_is_used_by_migrations_while_the_app_keeps_its_own()
    {
        var chart = await RenderProdAsync("--set", "migration.database.secretName=db-owner,migration.database.secretKey=url");

        var job = Assert.Single(chart.Jobs).Spec.Template.Spec.Containers[0];
        var app = chart.Deployment.Spec.Template.Spec.Containers[0];
        Assert.Equal(("db-owner", "url"), (job.Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Name, job.Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Key));
        Assert.Equal("db-credentials", app.Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Name);
        Assert.Empty(chart.All<V1Secret>());
    }

    [Fact]
    public async Task A_chart_created_migration_secret_is_a_hook_that_exists_before_the_migration_job_runs()
    {
        var chart = await RenderProdAsync("--set", "migration.createSecret.enabled=true,migration.createSecret.databaseUrl=postgresql://owner@db/app");

        var secret = Assert.Single(chart.All<V1Secret>());
        var job = Assert.Single(chart.Jobs);
        Assert.Contains("pre-install", RenderedChart.HookOf(secret)!, StringComparison.Ordinal);
        Assert.True(RenderedChart.HookWeightOf(secret) < RenderedChart.HookWeightOf(job));
        Assert.Equal(secret.Metadata.Name, job.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Name);
        Assert.Equal("postgresql://owner@db/app", secret.StringData["database-url"]);
    }

    [Fact]
    public async Task A_chart_created_migration_secret_exists_only_while_hooks_run_and_is_removed_by_helm_uninstall()
    {
        var chart = await RenderProdAsync("--set", "migration.createSecret.enabled=true,migration.createSecret.databaseUrl=postgresql://owner@db/app");

        var secret = Assert.Single(chart.All<V1Secret>());
        // Helm never deletes hook resources on uninstall; a pre-delete hook of the same name replaces it
        // (before-hook-creation) and is then deleted with the others (hook-succeeded).
        Assert.Contains("pre-delete", RenderedChart.HookOf(secret)!.Split(','));
        Assert.Equal(["before-hook-creation", "hook-succeeded"], secret.Metadata.Annotations["helm.sh/hook-delete-policy"].Split(','));
    }

    [Fact]
    public async Task UseAppImage_false_runs_the_dedicated_migration_image_with_the_app_images_tag()
    {
        var chart = await RenderProdAsync("--set", "migration.useAppImage=false,image.tag=1.4.2");

        Assert.Equal("ghcr.io/example/sample-web-app:1.4.2", chart.Deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("ghcr.io/example/sample-web-app-migration:1.4.2", Assert.Single(chart.Jobs).Spec.Template.Spec.Containers[0].Image);
        var dev = await ChartRenderer.RenderAsync("-f", Dev, "--set", "migration.useAppImage=false");
        Assert.StartsWith("ghcr.io/example/sample-web-app-migration:", dev.Deployment.Spec.Template.Spec.InitContainers[0].Image, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_deploy_job_applies_contract_migrations_after_the_rollout_and_the_pre_upgrade_job_only_pre_deploy_ones()
    {
        var chart = await RenderProdAsync("--set", "migration.postDeploy.enabled=true,migration.postDeploy.helmWait=true");

        var pre = chart.JobWithHook("pre-install,pre-upgrade");
        var post = chart.JobWithHook("post-install,post-upgrade");
        Assert.Equal(["migrate", "--phase", "pre-deploy"], pre.Spec.Template.Spec.Containers[0].Args);
        Assert.Equal(["migrate", "--phase", "post-deploy"], post.Spec.Template.Spec.Containers[0].Args);
        Assert.True(RenderedChart.HookWeightOf(pre) < RenderedChart.HookWeightOf(post));
        Assert.Equal("before-hook-creation,hook-succeeded", post.Metadata.Annotations["helm.sh/hook-delete-policy"]);
    }

    [Fact]
    public async Task Post_deploy_job_without_confirming_helm_wait_fails_the_render_saying_why()
    {
        // Without --wait Helm starts post-upgrade hooks as soon as the Deployment is updated, while old
        // pods still serve: contract migrations would break them.
        var result = await ChartRenderer.RunAsync(["--skip-schema-validation", "-f", Prod, "--api-versions", Monitoring, "--set", "migration.postDeploy.enabled=true"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--wait", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("migration.postDeploy.helmWait", result.Stderr, StringComparison.Ordinal);
        // Argo CD starts PostSync hooks only once every resource is healthy.
        var argo = await RenderProdAsync("--set", "migration.postDeploy.enabled=true,migration.argocd.enabled=true");
        Assert.Equal(2, argo.Jobs.Count);
    }

    [Theory]
    [InlineData("migration.lockWait=15min")]
    [InlineData("migration.wait=2m,migration.lockWait=720,migration.job.activeDeadlineSeconds=840")]
    [InlineData("migration.job.activeDeadlineSeconds=300")]
    public async Task A_job_deadline_that_the_database_and_lock_waits_alone_would_use_up_fails_the_render(string set)
    {
        var result = await ChartRenderer.RunAsync(["--skip-schema-validation", "-f", Prod, "--set", set]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("migration.job.activeDeadlineSeconds", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("migration.lockWait", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Longer_waits_render_with_a_deadline_that_leaves_time_for_the_migrations()
    {
        var chart = await RenderProdAsync("--set", "migration.wait=90s,migration.lockWait=10m,migration.job.activeDeadlineSeconds=1800");

        Assert.Equal(1800, Assert.Single(chart.Jobs).Spec.ActiveDeadlineSeconds);
    }

    [Fact]
    public async Task Rollback_job_is_a_pre_rollback_hook_running_rollback_to_known()
    {
        var chart = await RenderProdAsync("--set", "migration.rollback.enabled=true");

        var job = chart.JobWithHook("pre-rollback");
        Assert.Equal(["slipway"], job.Spec.Template.Spec.Containers[0].Command);
        Assert.Equal(["rollback", "--to-known"], job.Spec.Template.Spec.Containers[0].Args);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.Equal(2, chart.Jobs.Count);
    }

    [Fact]
    public async Task Every_container_runs_as_non_root_on_a_read_only_root_filesystem_without_capabilities_and_with_resources()
    {
        var chart = await RenderProdAsync("--set", "migration.postDeploy.enabled=true,migration.postDeploy.helmWait=true,migration.rollback.enabled=true");
        var dev = await ChartRenderer.RenderAsync("-f", Dev);

        var pods = chart.PodSpecs.Concat(dev.PodSpecs).ToList();
        Assert.Equal(7, pods.Count); // prod: app, three Jobs, the test pod; dev: app, the test pod
        Assert.All(pods, pod =>
        {
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
            Assert.All((pod.InitContainers ?? []).Concat(pod.Containers), c =>
            {
                Assert.True(c.SecurityContext.ReadOnlyRootFilesystem);
                Assert.False(c.SecurityContext.AllowPrivilegeEscalation);
                Assert.Equal(["ALL"], c.SecurityContext.Capabilities.Drop);
                Assert.NotNull(c.Resources.Requests);
                Assert.NotNull(c.Resources.Limits);
            });
        });
    }

    [Fact]
    public async Task The_app_is_ready_only_on_healthz_ready_and_alive_on_healthz_live()
    {
        var app = (await RenderProdAsync()).Deployment.Spec.Template.Spec.Containers[0];

        Assert.Equal("/healthz/ready", app.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/healthz/live", app.LivenessProbe.HttpGet.Path);
        Assert.Equal("http", app.ReadinessProbe.HttpGet.Port.Value);
        Assert.Contains(app.Ports, p => p.Name == "http");
    }

    [Fact]
    public async Task The_service_never_selects_migration_pods()
    {
        var chart = await RenderProdAsync();

        var service = Assert.Single(chart.All<V1Service>());
        var jobLabels = Assert.Single(chart.Jobs).Spec.Template.Metadata.Labels;
        var appLabels = chart.Deployment.Spec.Template.Metadata.Labels;
        Assert.All(service.Spec.Selector, s => Assert.Equal(s.Value, appLabels[s.Key]));
        Assert.Contains(service.Spec.Selector, s => jobLabels.Get(s.Key) != s.Value);
        Assert.All(chart.Deployment.Spec.Selector.MatchLabels, s => Assert.Equal(s.Value, appLabels[s.Key]));
    }

    [Fact]
    public async Task Argo_CD_hook_annotations_are_added_only_when_switched_on()
    {
        var plain = Assert.Single((await RenderProdAsync()).Jobs);
        var argo = await RenderProdAsync("--set", "migration.argocd.enabled=true,migration.postDeploy.enabled=true,migration.rollback.enabled=true");

        Assert.DoesNotContain(plain.Metadata.Annotations.Keys, k => k.StartsWith("argocd.argoproj.io/", StringComparison.Ordinal));
        Assert.Equal("PreSync", argo.JobWithHook("pre-install,pre-upgrade").Metadata.Annotations["argocd.argoproj.io/hook"]);
        Assert.Equal("PostSync", argo.JobWithHook("post-install,post-upgrade").Metadata.Annotations["argocd.argoproj.io/hook"]);
        Assert.Equal("Skip", argo.JobWithHook("pre-rollback").Metadata.Annotations["argocd.argoproj.io/hook"]);
        Assert.Equal("-5", argo.JobWithHook("pre-install,pre-upgrade").Metadata.Annotations["argocd.argoproj.io/sync-wave"]);
    }

    [Fact]
    public async Task Network_policy_lets_app_and_migration_pods_reach_only_dns_and_the_database_and_the_database_accept_only_them()
    {
        var chart = await RenderProdAsync("--set", "networkPolicy.enabled=true,networkPolicy.database.cidr=10.20.0.0/24,networkPolicy.database.podSelector.matchLabels.app=postgres,networkPolicy.database.ingressPolicy.enabled=true");

        var policies = chart.All<V1NetworkPolicy>().ToList();
        Assert.Equal(2, policies.Count);
        var egress = policies.Single(p => p.Spec.PolicyTypes.Contains("Egress"));
        var database = policies.Single(p => p.Spec.PodSelector.MatchLabels.Get("app") == "postgres");
        Assert.Equal(["Ingress"], database.Spec.PolicyTypes);
        var toDatabase = egress.Spec.Egress.Single(r => r.To is not null);
        Assert.Contains(toDatabase.To, peer => peer.IpBlock?.Cidr == "10.20.0.0/24");
        Assert.Equal(5432, int.Parse(toDatabase.Ports.Single().Port.Value, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var labels in new[] { chart.Deployment.Spec.Template.Metadata.Labels, chart.Jobs[0].Spec.Template.Metadata.Labels })
        {
            Assert.All(egress.Spec.PodSelector.MatchLabels, l => Assert.Equal(l.Value, labels[l.Key]));
            Assert.All(database.Spec.Ingress.Single().FromProperty.Single().PodSelector.MatchExpressions, e => Assert.Contains(labels[e.Key], e.Values));
        }
    }

    [Fact]
    public async Task The_database_ingress_policy_is_rendered_only_on_request_since_it_blocks_every_other_client_of_the_database_pods()
    {
        var chart = await RenderProdAsync("--set", "networkPolicy.enabled=true,networkPolicy.database.podSelector.matchLabels.app=postgres");

        var egress = Assert.Single(chart.All<V1NetworkPolicy>());
        Assert.Contains("Egress", egress.Spec.PolicyTypes);
        using var dir = new Slipway.Testing.TempDirectory();
        var more = await RenderProdAsync("-f", dir.Write("values.yaml", """
            networkPolicy:
              enabled: true
              database:
                podSelector: {matchLabels: {app: postgres}}
                ingressPolicy:
                  enabled: true
                  extraFrom: [{podSelector: {matchLabels: {app: pg-backup}}}]
            """));
        var database = more.All<V1NetworkPolicy>().Single(p => p.Spec.PodSelector.MatchLabels?.Get("app") == "postgres");
        Assert.Contains(database.Spec.Ingress.Single().FromProperty, peer => peer.PodSelector.MatchLabels?.Get("app") == "pg-backup");
    }

    [Fact]
    public async Task A_database_in_another_namespace_gets_an_egress_rule_for_that_namespace_and_no_policy_in_this_one()
    {
        var chart = await RenderProdAsync("--set", "networkPolicy.enabled=true,networkPolicy.database.podSelector.matchLabels.app=postgres,networkPolicy.database.namespaceSelector.matchLabels.team=data");

        var egress = Assert.Single(chart.All<V1NetworkPolicy>());
        var peer = egress.Spec.Egress.Single(r => r.To is not null).To.Single();
        Assert.Equal(("postgres", "data"), (peer.PodSelector.MatchLabels["app"], peer.NamespaceSelector.MatchLabels["team"]));
        var refused = await ChartRenderer.RunAsync(["--skip-schema-validation", "--set", "networkPolicy.enabled=true,networkPolicy.database.podSelector.matchLabels.app=postgres,networkPolicy.database.namespaceSelector.matchLabels.team=data,networkPolicy.database.ingressPolicy.enabled=true"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("networkPolicy.database.ingressPolicy.enabled", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("namespaceSelector", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_policy_without_a_database_location_fails_the_render_with_a_clear_message()
    {
        var result = await ChartRenderer.RunAsync(["--skip-schema-validation", "--set", "networkPolicy.enabled=true"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("networkPolicy.database.cidr or networkPolicy.database.podSelector", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_rule_alerts_on_a_failed_migration_job_and_on_pending_migrations_and_the_service_monitor_scrapes_the_app()
    {
        var chart = await RenderProdAsync("--set", "migration.postDeploy.enabled=true,migration.postDeploy.helmWait=true,metrics.prometheusRule.labels.release=kube-prometheus-stack");

        var rule = Assert.Single(chart.All<PrometheusRule>());
        Assert.Equal("kube-prometheus-stack", rule.Metadata.Labels["release"]);
        var rules = Assert.Single(rule.Spec.Groups).Rules;
        var failed = rules.Single(r => r.Alert == "DatabaseMigrationJobFailed");
        // The Job's Failed condition: set once backoffLimit or activeDeadlineSeconds is exhausted, never
        // for a failed pod that a retry then replaces (kube_job_status_failed counts those).
        Assert.Contains("kube_job_status_condition{", failed.Expr, StringComparison.Ordinal);
        Assert.Contains("condition=\"Failed\"", failed.Expr, StringComparison.Ordinal);
        Assert.Contains("status=\"true\"", failed.Expr, StringComparison.Ordinal);
        Assert.DoesNotContain("kube_job_status_failed", failed.Expr, StringComparison.Ordinal);
        var jobPattern = System.Text.RegularExpressions.Regex.Match(failed.Expr, "job_name=~\"([^\"]+)\"").Groups[1].Value;
        Assert.All(chart.Jobs, j => Assert.Matches($"^{jobPattern}$", j.Metadata.Name));
        Assert.Contains("slipway_migrations_pending", rules.Single(r => r.Alert == "DatabaseMigrationsPending").Expr, StringComparison.Ordinal);
        var monitor = Assert.Single(chart.All<ServiceMonitor>());
        var service = Assert.Single(chart.All<V1Service>());
        Assert.All(monitor.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, service.Metadata.Labels[l.Key]));
        Assert.Equal(("http", "/metrics"), (monitor.Spec.Endpoints[0].Port, monitor.Spec.Endpoints[0].Path));
    }

    [Fact]
    public async Task Prod_values_render_on_a_cluster_without_the_prometheus_operator_leaving_out_only_its_resources()
    {
        var without = await ChartRenderer.RenderAsync("-f", Prod);
        var with = await RenderProdAsync();

        Assert.Empty(without.All<PrometheusRule>());
        Assert.Empty(without.All<ServiceMonitor>());
        Assert.Equal(with.Objects.Count - 2, without.Objects.Count);
        Assert.Single(with.All<PrometheusRule>());
        Assert.Single(with.All<ServiceMonitor>());
    }

    [Fact]
    public async Task Migration_disabled_renders_neither_init_container_nor_jobs()
    {
        var chart = await RenderProdAsync("--set", "migration.enabled=false,migration.postDeploy.enabled=true,migration.rollback.enabled=true");

        Assert.Empty(chart.Jobs);
        Assert.Null(chart.Deployment.Spec.Template.Spec.InitContainers);
    }
}
