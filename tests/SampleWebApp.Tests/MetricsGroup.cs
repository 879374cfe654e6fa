namespace SampleWebApp.Tests;

/// <summary>
/// Tests that read <c>/metrics</c> run on their own, after the others. An OpenTelemetry meter provider
/// listens to every meter of its name in the process, whichever app's container made it, so while other
/// tests' apps run in the same test process their <c>Slipway</c> gauges could answer instead.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsGroup
{
    public const string Name = "metrics";
}
