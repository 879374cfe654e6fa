using k8s;
using k8s.Models;

namespace Slipway.Chart.Tests;

/// <summary>helm-render's output parsed with the official Kubernetes model: a wrong type fails here.</summary>
internal sealed class RenderedChart
{
    private static readonly Dictionary<string, Type> CustomResources = new()
    {
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(PrometheusRule),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
    };

    private RenderedChart(string yaml, IReadOnlyList<object> objects)
    {
        Yaml = yaml;
        Objects = objects;
    }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public static RenderedChart Parse(string yaml)
    {
        var objects = KubernetesYaml.LoadAllFromString(yaml, CustomResources);
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o));
        return new RenderedChart(yaml, objects);
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public V1Deployment Deployment => Assert.Single(All<V1Deployment>());

    public IReadOnlyList<V1Job> Jobs => All<V1Job>().ToList();

    public V1Job JobWithHook(string hook) => Assert.Single(Jobs, j => HookOf(j) == hook);

    public static string? HookOf(IKubernetesObject<V1ObjectMeta> o) => o.Metadata.Annotations.Get("helm.sh/hook");

    public static int HookWeightOf(IKubernetesObject<V1ObjectMeta> o) => int.Parse(o.Metadata.Annotations["helm.sh/hook-weight"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every pod the chart renders: the Deployment's and each Job's templates, and the helm test pod.</summary>
    public IEnumerable<V1PodSpec> PodSpecs => All<V1Deployment>().Select(d => d.Spec.Template.Spec)
        .Concat(Jobs.Select(j => j.Spec.Template.Spec))
        .Concat(All<V1Pod>().Select(p => p.Spec));
}
