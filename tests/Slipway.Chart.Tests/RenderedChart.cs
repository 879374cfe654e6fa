using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

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
        AssertNoUnknownFields(yaml, objects);
        return new RenderedChart(yaml, objects);
    }

    // The model ignores fields it does not know, so a misspelt field (priorityClasName) would vanish
    // silently, as it would on a cluster without strict field validation: every field of the rendered
    // YAML must survive a round trip through the model. The Prometheus Operator's types here are partial.
    private static void AssertNoUnknownFields(string yaml, List<object> objects)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var documents = stream.Documents.Where(d => d.RootNode is YamlMappingNode { Children.Count: > 0 }).ToList();
        Assert.Equal(objects.Count, documents.Count);
        var unknown = new List<string>();
        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i] is PrometheusRule or ServiceMonitor)
            {
                continue;
            }

            var typed = JsonNode.Parse(KubernetesJson.Serialize(objects[i]));
            var kind = ((IKubernetesObject<V1ObjectMeta>)objects[i]).Kind;
            CollectUnknown(documents[i].RootNode, typed, kind, unknown);
        }

        Assert.True(unknown.Count == 0, "fields the Kubernetes API does not have:\n" + string.Join('\n', unknown));
    }

    private static void CollectUnknown(YamlNode raw, JsonNode? typed, string path, List<string> unknown)
    {
        switch (raw)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    if (value is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "" or "null" or "~" })
                    {
                        continue;
                    }

                    if (typed is not JsonObject obj || !obj.TryGetPropertyValue(name, out var child))
                    {
                        unknown.Add($"{path}.{name}");
                        continue;
                    }

                    CollectUnknown(value, child, $"{path}.{name}", unknown);
                }

                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    CollectUnknown(list.Children[i], typed is JsonArray array && i < array.Count ? array[i] : null, $"{path}[{i}]", unknown);
                }

                break;
        }
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public V1Deployment Deployment => Assert.Single(All<V1Deployment>());

    public IReadOnlyList<V1Job> Jobs => All<V1Job>().ToList();

    public V1Job JobWithHook(string hook) => Assert.Single(Jobs, j => HookOf(j) == hook);

    public static string? HookOf(IKubernetesObject<V1ObjectMeta> o) => o.Metadata.Annotations.Get("helm.sh/hook");

    public static int HookWeightOf(IKubernetesObject<V1ObjectMeta> o) => int.Parse(o.Metadata.Annotations["helm.sh/hook-weight"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every pod the chart renders: the Deployment's, each Job's and CronJob's templates, and the helm test pod.</summary>
    public IEnumerable<V1PodSpec> PodSpecs => All<V1Deployment>().Select(d => d.Spec.Template.Spec)
        .Concat(Jobs.Select(j => j.Spec.Template.Spec))
        .Concat(All<V1CronJob>().Select(c => c.Spec.JobTemplate.Spec.Template.Spec))
        .Concat(All<V1Pod>().Select(p => p.Spec));
}
