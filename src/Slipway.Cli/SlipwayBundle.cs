using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Slipway.Cli.Operations;
using Slipway.Code;
using Slipway.Discovery;

namespace Slipway.Cli;

/// <summary>
/// The migrations an app-built executable (a migration bundle) carries inside itself: SQL embedded as
/// resources and C# migration classes. Given to <see cref="SlipwayCommandLine.RunAsync(string[], SlipwayBundle)"/>.
/// </summary>
public sealed class SlipwayBundle
{
    private readonly List<IMigrationSource> _sources = [];
    private CodeMigrationSource? _code;

    /// <summary>
    /// Adds the <c>.sql</c> resources of <paramref name="assembly"/> whose names start with
    /// <paramref name="prefix"/>; embed them with
    /// <c>&lt;EmbeddedResource Include="migrations/*.sql" LogicalName="migrations/%(Filename)%(Extension)" /&gt;</c>.
    /// </summary>
    public SlipwayBundle AddEmbeddedMigrations(Assembly assembly, string prefix = "migrations/")
    {
        // Read once per run, as the command line reads its folders: every step of a command sees the same scripts.
        _sources.Add(new ReadOnceSource(new EmbeddedMigrationSource(assembly, prefix)));
        return this;
    }

    /// <summary>Adds the C# migration <typeparamref name="T"/>. Safe under trimming and NativeAOT.</summary>
    public SlipwayBundle AddCodeMigration<T>()
        where T : class, ICodeMigration, new()
    {
        Code().Add<T>();
        return this;
    }

    /// <summary>
    /// Adds every C# migration class of <paramref name="assembly"/>, found by reflection; in a trimmed or
    /// NativeAOT bundle call <see cref="AddCodeMigration{T}"/> for each instead.
    /// </summary>
    [RequiresUnreferencedCode("Finds migration classes by reflection; trimming may remove them. Call AddCodeMigration<T>() for each instead.")]
    public SlipwayBundle AddCodeMigrations(Assembly assembly)
    {
        Code().AddFromAssembly(assembly);
        return this;
    }

    /// <summary>The bundle's sources, C# migrations last.</summary>
    internal IReadOnlyList<IMigrationSource> Sources => _code is null ? _sources : [.. _sources, _code];

    private CodeMigrationSource Code() => _code ??= new CodeMigrationSource();
}
