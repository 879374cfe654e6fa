using Microsoft.EntityFrameworkCore;

namespace Slipway.EntityFrameworkCore;

/// <summary>A context borrowed for one use, with what must be disposed afterwards (the context, or the DI scope that owns it).</summary>
internal sealed class ContextLease(DbContext context, IAsyncDisposable owner) : IAsyncDisposable, IDisposable
{
    public DbContext Context { get; } = context;

    public static ContextLease Owned(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ContextLease(context, context);
    }

    public ValueTask DisposeAsync() => owner.DisposeAsync();

    // Both owners (a DbContext, a DI scope) are disposable either way.
    public void Dispose() => ((IDisposable)owner).Dispose();
}
