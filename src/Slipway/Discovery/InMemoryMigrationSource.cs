namespace Slipway.Discovery;

/// <summary>Scripts given as (name, SQL) pairs; for tests and for tools that generate migrations.</summary>
public sealed class InMemoryMigrationSource(params IEnumerable<(string Name, string Sql)> scripts) : IMigrationSource
{
    private readonly IReadOnlyList<SourceFile> _files = [.. scripts.Select(s => new SourceFile(s.Name, "memory:" + s.Name, s.Sql))];

    /// <inheritdoc />
    public string Description => "memory";

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceFile>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_files);
}
