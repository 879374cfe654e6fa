namespace Slipway.MySql.Tests;

/// <summary>
/// Tests that start many slipway processes run one after another, not in parallel with each other, so
/// they do not starve each other on a small CI machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessGroup
{
    public const string Name = "mysql-processes";
}
