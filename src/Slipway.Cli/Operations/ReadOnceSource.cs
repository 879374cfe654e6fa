using Slipway.Discovery;

namespace Slipway.Cli.Operations;

/// <summary>
/// A migration source read at most once per run: every step of one command (lint, plan, apply) sees
/// the same files, and the folder is read once. The source contract asks not to cache between calls so
/// that a long-lived host sees new files; a command-line run is not long-lived, and its steps must
/// agree on what they read.
/// </summary>
internal sealed class ReadOnceSource(IMigrationSource inner) : IMigrationSource
{
    private Task<IReadOnlyList<SourceFile>>? _files;

    public string Description => inner.Description;

    public Task<IReadOnlyList<SourceFile>> ListAsync(CancellationToken cancellationToken = default) =>
        _files ??= inner.ListAsync(cancellationToken);
}
