using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Slipway.Discovery;

namespace Slipway.Code;

/// <summary>
/// C# migrations (<see cref="ICodeMigration"/> classes with a <see cref="MigrationAttribute"/>), merged by
/// version with the SQL of the other sources. Register each class with <see cref="Add{T}"/>, which is
/// safe under trimming and NativeAOT, or every class of an assembly with <see cref="AddFromAssembly"/>.
/// </summary>
public sealed class CodeMigrationSource : IMigrationSource
{
    private readonly List<CodeMigration> _migrations = [];

    /// <inheritdoc />
    public string Description => "code";

    /// <summary>The registered migrations.</summary>
    internal IReadOnlyList<CodeMigration> Migrations => _migrations;

    /// <summary>Adds the C# migration <typeparamref name="T"/>; throws when it lacks a <see cref="MigrationAttribute"/>.</summary>
    public CodeMigrationSource Add<T>()
        where T : class, ICodeMigration, new()
    {
        _migrations.Add(Describe(typeof(T), static () => new T()));
        return this;
    }

    /// <summary>
    /// Adds every public or internal, non-abstract <see cref="ICodeMigration"/> class of
    /// <paramref name="assembly"/> that has a <see cref="MigrationAttribute"/>. Uses reflection over all the
    /// assembly's types: in a trimmed or NativeAOT app register each class with <see cref="Add{T}"/> instead.
    /// </summary>
    [RequiresUnreferencedCode("Finds migration classes by reflection; trimming may remove them. Register each class with Add<T>() instead.")]
    public CodeMigrationSource AddFromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var types = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(ICodeMigration).IsAssignableFrom(t) && t.GetCustomAttribute<MigrationAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            var constructor = type.GetConstructor(Type.EmptyTypes)
                ?? throw new Diagnostics.ConfigurationException($"C# migration {type.FullName} needs a public parameterless constructor");
            _migrations.Add(Describe(type, () => (ICodeMigration)constructor.Invoke(null)));
        }

        return this;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceFile>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SourceFile>>([]);

    private static CodeMigration Describe(Type type, Func<ICodeMigration> create)
    {
        var info = type.GetCustomAttribute<MigrationAttribute>()
            ?? throw new Diagnostics.ConfigurationException($"C# migration {type.FullName} has no [Migration(\"version\", \"description\")] attribute; add one");
        var name = type.FullName ?? type.Name;
        return new CodeMigration(name, $"code:{type.Assembly.GetName().Name}/{name}", info, create, typeof(IReversibleCodeMigration).IsAssignableFrom(type));
    }
}
