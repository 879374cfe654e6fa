using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Slipway.Chart.Tests;

// The Prometheus Operator's custom resources are not in the Kubernetes model: typed here with just
// the fields the chart sets, so they parse through the same loader as everything else.

internal sealed class PrometheusRule : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public RuleSpec Spec { get; set; } = new();
}

internal sealed class RuleSpec
{
    [JsonPropertyName("groups")] public List<RuleGroup> Groups { get; set; } = [];
}

internal sealed class RuleGroup
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("rules")] public List<AlertRule> Rules { get; set; } = [];
}

internal sealed class AlertRule
{
    [JsonPropertyName("alert")] public string Alert { get; set; } = "";
    [JsonPropertyName("expr")] public string Expr { get; set; } = "";
    [JsonPropertyName("for")] public string For { get; set; } = "";
    [JsonPropertyName("labels")] public Dictionary<string, string> Labels { get; set; } = [];
}

internal sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public ServiceMonitorSpec Spec { get; set; } = new();
}

internal sealed class ServiceMonitorSpec
{
    [JsonPropertyName("selector")] public V1LabelSelector Selector { get; set; } = new();
    [JsonPropertyName("endpoints")] public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}

internal sealed class ServiceMonitorEndpoint
{
    [JsonPropertyName("port")] public string Port { get; set; } = "";
    [JsonPropertyName("path")] public string Path { get; set; } = "";
}
