using System.Text.Json;
using Json.Schema;

namespace Slipway.Chart.Tests;

/// <summary>values.schema.json, evaluated on the merged values exactly as helm validates them.</summary>
public sealed class ValuesSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(ChartRenderer.ChartDirectory, "values.schema.json")));

    private static EvaluationResults Evaluate(JsonElement values) =>
        Schema.Evaluate(values, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Theory]
    [InlineData(null)]
    [InlineData("values-dev.yaml")]
    [InlineData("values-prod.yaml")]
    public async Task Shipped_values_files_are_valid(string? file)
    {
        var values = await ChartRenderer.MergedValuesAsync(file is null ? [] : ["-f", ChartRenderer.ValuesFile(file)]);

        var results = Evaluate(values);

        Assert.True(results.IsValid, Errors(results));
    }

    [Theory]
    [InlineData("migration.runAsJobs=true", "runAsJobs")]
    [InlineData("migraton.enabled=true", "migraton")]
    [InlineData("migration.job.backofLimit=3", "backofLimit")]
    [InlineData("networkPolicy.database.cdir=10.0.0.0/8", "cdir")]
    public async Task A_typo_in_a_key_is_rejected(string set, string typo)
    {
        var results = Evaluate(await ChartRenderer.MergedValuesAsync("--set", set));

        Assert.False(results.IsValid);
        Assert.Contains(typo, Errors(results), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replicaCount: two")]
    [InlineData("migration:\n  runAsJob: \"yes\"")]
    [InlineData("migration:\n  job:\n    backoffLimit: -1")]
    [InlineData("migration:\n  wait: soon")]
    [InlineData("migration:\n  logFormat: xml")]
    [InlineData("database:\n  secretName: \"\"")]
    [InlineData("networkPolicy:\n  database:\n    podSelector:\n      app: postgres")]
    [InlineData("resources:\n  limits:\n    memory: lots")]
    [InlineData("migration:\n  resources:\n    request:\n      cpu: 1")]
    [InlineData("securityContext:\n  readOnlyRootFilesystem: \"yes\"")]
    [InlineData("securityContext:\n  runAsUsr: 1000")]
    [InlineData("podSecurityContext:\n  fsGroup: -1")]
    [InlineData("affinity:\n  nodeAfinity: {}")]
    [InlineData("migration:\n  job:\n    affinity:\n      podAntiAfinity: {}")]
    [InlineData("image:\n  digest: latest")]
    public async Task A_wrong_type_or_value_is_rejected(string yaml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            var results = Evaluate(await ChartRenderer.MergedValuesAsync("-f", file));

            Assert.False(results.IsValid, yaml);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
