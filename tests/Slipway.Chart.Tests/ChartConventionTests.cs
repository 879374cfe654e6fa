using k8s.Models;
using Slipway.Testing;

namespace Slipway.Chart.Tests;

/// <summary>The values a platform team expects of any chart, rendered into every pod they concern.</summary>
public sealed class ChartConventionTests
{
    private static readonly string Dev = ChartRenderer.ValuesFile("values-dev.yaml");
    private static readonly string Prod = ChartRenderer.ValuesFile("values-prod.yaml");

    private static async Task<RenderedChart> RenderAsync(string valuesFile, string yaml, params string[] more)
    {
        using var dir = new TempDirectory();
        return await ChartRenderer.RenderAsync(["-f", valuesFile, "-f", dir.Write("values.yaml", yaml), .. more]);
    }

    [Fact]
    public async Task Job_pods_take_their_own_annotations_labels_affinity_and_priority_class()
    {
        var chart = await RenderAsync(Prod, """
            migration:
              postDeploy: {enabled: true, helmWait: true}
              rollback: {enabled: true}
              job:
                podAnnotations: {sidecar.istio.io/inject: "false"}
                podLabels: {team: data}
                priorityClassName: batch-high
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [jobs]}]}]
            """);

        Assert.Equal(3, chart.Jobs.Count);
        Assert.All(chart.Jobs, job =>
        {
            var template = job.Spec.Template;
            Assert.Equal("false", template.Metadata.Annotations["sidecar.istio.io/inject"]);
            Assert.Equal("data", template.Metadata.Labels["team"]);
            Assert.Equal("migration", template.Metadata.Labels["app.kubernetes.io/component"]);
            Assert.Equal("batch-high", template.Spec.PriorityClassName);
            Assert.Equal("pool", template.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Key);
        });
        Assert.Null(chart.Deployment.Spec.Template.Metadata.Annotations);
    }

    [Fact]
    public async Task Extra_volumes_mounts_env_from_and_a_writable_tmp_reach_the_app_and_every_migration_container()
    {
        const string values = """
            extraVolumes: [{name: app-config, configMap: {name: app-config}}]
            extraVolumeMounts: [{name: app-config, mountPath: /etc/app, readOnly: true}]
            envFrom: [{configMapRef: {name: app-settings}}]
            migration:
              postDeploy: {enabled: true, helmWait: true}
              extraVolumes: [{name: db-ca, secret: {secretName: db-ca}}]
              extraVolumeMounts: [{name: db-ca, mountPath: /etc/db-ca, readOnly: true}]
              envFrom: [{secretRef: {name: migration-extra}}]
            """;
        var prod = await RenderAsync(Prod, values);
        var dev = await RenderAsync(Dev, values);

        var appPod = prod.Deployment.Spec.Template.Spec;
        var app = appPod.Containers[0];
        Assert.Contains(app.VolumeMounts, m => m.MountPath == "/etc/app");
        Assert.Contains(app.VolumeMounts, m => m.MountPath == "/tmp");
        Assert.Equal("app-settings", Assert.Single(app.EnvFrom).ConfigMapRef.Name);
        Assert.Contains(appPod.Volumes, v => v.Name == "app-config");
        var migrationPods = prod.Jobs.Select(j => (Pod: j.Spec.Template.Spec, Container: j.Spec.Template.Spec.Containers[0]))
            .Append((Pod: dev.Deployment.Spec.Template.Spec, Container: dev.Deployment.Spec.Template.Spec.InitContainers[0])).ToList();
        Assert.Equal(3, migrationPods.Count);
        Assert.All(migrationPods, p =>
        {
            Assert.Contains(p.Container.VolumeMounts, m => m.MountPath == "/etc/db-ca" && m.ReadOnlyProperty == true);
            Assert.Contains(p.Container.VolumeMounts, m => m.MountPath == "/tmp");
            Assert.DoesNotContain(p.Container.VolumeMounts, m => m.MountPath == "/etc/app");
            Assert.Equal("migration-extra", Assert.Single(p.Container.EnvFrom).SecretRef.Name);
            Assert.Contains(p.Pod.Volumes, v => v.Name == "db-ca" && v.Secret.SecretName == "db-ca");
            Assert.All(p.Container.VolumeMounts, m => Assert.Contains(p.Pod.Volumes, v => v.Name == m.Name));
        });
        Assert.Equal(appPod.Volumes.Select(v => v.Name).Distinct().Count(), appPod.Volumes.Count);
    }

    [Fact]
    public async Task An_image_digest_pins_the_app_and_migration_images_and_common_labels_mark_every_resource()
    {
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var chart = await RenderAsync(Prod, $$"""
            commonLabels: {cost-center: "4711"}
            image: {digest: "{{digest}}"}
            migration:
              useAppImage: false
              image: {digest: "{{digest}}"}
            """);

        Assert.Equal($"ghcr.io/example/sample-web-app@{digest}", chart.Deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal($"ghcr.io/example/sample-web-app-migration@{digest}", Assert.Single(chart.Jobs).Spec.Template.Spec.Containers[0].Image);
        Assert.All(chart.Objects.Cast<k8s.IKubernetesObject<V1ObjectMeta>>(), o => Assert.Equal("4711", o.Metadata.Labels["cost-center"]));
    }

    [Fact]
    public async Task The_app_gets_a_disruption_budget_autoscaler_ingress_startup_probe_spread_and_strategy_on_request()
    {
        var plain = await ChartRenderer.RenderAsync("-f", Prod);
        var chart = await RenderAsync(Prod, """
            podDisruptionBudget: {enabled: true, maxUnavailable: 1}
            autoscaling: {enabled: true, minReplicas: 3, maxReplicas: 12, targetCPUUtilizationPercentage: 70}
            ingress:
              enabled: true
              className: nginx
              hosts: [{host: shop.example.com, paths: [{path: /, pathType: Prefix}]}]
              tls: [{secretName: shop-tls, hosts: [shop.example.com]}]
            probes:
              startup: {enabled: true, failureThreshold: 60}
            topologySpreadConstraints:
              - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}
            strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}
            priorityClassName: web-high
            """);

        Assert.Empty(plain.All<V1PodDisruptionBudget>());
        Assert.Empty(plain.All<V2HorizontalPodAutoscaler>());
        Assert.Empty(plain.All<V1Ingress>());
        Assert.Null(plain.Deployment.Spec.Template.Spec.Containers[0].StartupProbe);
        var pod = chart.Deployment.Spec.Template.Spec;
        var selector = chart.Deployment.Spec.Selector.MatchLabels;
        var pdb = Assert.Single(chart.All<V1PodDisruptionBudget>());
        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);
        Assert.Equal(selector, pdb.Spec.Selector.MatchLabels);
        var hpa = Assert.Single(chart.All<V2HorizontalPodAutoscaler>());
        Assert.Equal((3, 12), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        Assert.Equal(70, hpa.Spec.Metrics.Single().Resource.Target.AverageUtilization);
        Assert.Equal(chart.Deployment.Metadata.Name, hpa.Spec.ScaleTargetRef.Name);
        Assert.Null(chart.Deployment.Spec.Replicas); // the autoscaler owns it
        var ingress = Assert.Single(chart.All<V1Ingress>());
        Assert.Equal("nginx", ingress.Spec.IngressClassName);
        var backend = ingress.Spec.Rules.Single().Http.Paths.Single().Backend.Service;
        Assert.Equal((Assert.Single(chart.All<V1Service>()).Metadata.Name, "http"), (backend.Name, backend.Port.Name));
        Assert.Equal("shop-tls", ingress.Spec.Tls.Single().SecretName);
        Assert.Equal(60, pod.Containers[0].StartupProbe.FailureThreshold);
        Assert.Equal("/healthz/live", pod.Containers[0].StartupProbe.HttpGet.Path);
        var spread = Assert.Single(pod.TopologySpreadConstraints);
        Assert.Equal(selector, spread.LabelSelector.MatchLabels);
        Assert.Equal("0", chart.Deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("web-high", pod.PriorityClassName);
    }

    [Fact]
    public async Task Helm_test_runs_slipway_status_against_the_database_with_the_migration_credentials()
    {
        var chart = await ChartRenderer.RenderAsync("-f", Prod);

        var test = Assert.Single(chart.All<V1Pod>());
        Assert.Equal("test", RenderedChart.HookOf(test));
        Assert.Equal("Never", test.Spec.RestartPolicy);
        var container = Assert.Single(test.Spec.Containers);
        Assert.Equal(["slipway"], container.Command);
        Assert.Equal(["status"], container.Args);
        Assert.Equal("db-migration-credentials", container.Env.Single(e => e.Name == "DATABASE_URL").ValueFrom.SecretKeyRef.Name);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Empty((await ChartRenderer.RenderAsync("-f", Prod, "--set", "tests.enabled=false")).All<V1Pod>());
    }
}
