namespace Slipway.Chart.Tests;

internal static class DictionaryExtensions
{
    /// <summary>The value at <paramref name="key"/>, or null (Kubernetes models expose IDictionary, which has no GetValueOrDefault).</summary>
    public static string? Get(this IDictionary<string, string>? dictionary, string key) =>
        dictionary is not null && dictionary.TryGetValue(key, out var value) ? value : null;
}
