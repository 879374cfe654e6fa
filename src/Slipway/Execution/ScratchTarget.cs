namespace Slipway.Execution;

/// <summary>A temporary, empty target created by <see cref="ISchemaTools.CreateScratchAsync"/>; dispose it to drop it.</summary>
public sealed class ScratchTarget : IAsyncDisposable
{
    private readonly Func<ValueTask> _drop;
    private bool _disposed;

    /// <summary>Wraps a scratch provider and the action that drops it.</summary>
    public ScratchTarget(IMigrationProvider provider, string description, Func<ValueTask> drop)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(drop);
        Provider = provider;
        Description = description;
        _drop = drop;
    }

    /// <summary>The scratch target; it also implements <see cref="ISchemaTools"/>.</summary>
    public IMigrationProvider Provider { get; }

    /// <summary>What was created, for messages, e.g. <c>temporary database slipway_verify_1a2b3c</c>.</summary>
    public string Description { get; }

    /// <summary>
    /// The schema the scratch target lives in when it is a schema of the real database rather than a
    /// database of its own; its snapshots then name that schema where the real one names its own.
    /// </summary>
    public string? Schema { get; init; }

    /// <summary>
    /// With <see cref="Schema"/>: the real schemas of the database the scratch schema lives in, which a replay
    /// must not name (see the guard in the engine). Empty for a scratch database.
    /// </summary>
    public IReadOnlySet<string> ProtectedSchemas { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Drops the scratch target. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _drop();
    }
}
