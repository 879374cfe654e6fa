using System.Data.Common;
using Microsoft.Extensions.Logging;
using Slipway.Discovery;
using Slipway.Execution;
using Slipway.Sql;

namespace Slipway.Code;

/// <summary>One registered C# migration: what its attribute declares and how to make an instance.</summary>
/// <param name="TypeName">The class's full name: the migration's script name in history and messages.</param>
/// <param name="Location">Where it comes from, for messages: <c>code:Assembly/Namespace.Class</c>.</param>
/// <param name="Info">Its <see cref="MigrationAttribute"/>.</param>
/// <param name="Create">Makes a new instance for one run.</param>
/// <param name="Reversible">True when it implements <see cref="IReversibleCodeMigration"/>.</param>
internal sealed record CodeMigration(string TypeName, string Location, MigrationAttribute Info, Func<ICodeMigration> Create, bool Reversible)
{
    /// <summary>The text its checksum is computed over: the declared checksum, never the compiled code.</summary>
    public string ChecksumText => "slipway-code-migration:" + Info.Checksum;

    /// <summary>Runs <see cref="ICodeMigration.UpAsync"/> (or, with <paramref name="down"/>, the down method) of a new instance.</summary>
    public Func<DbConnection, DbTransaction, CancellationToken, Task> Body(EngineParts engine, MigrationVersion version, bool down = false) =>
        Body(engine.Logger, engine.Placeholders, engine.Provider.Dialect, version, down);

    /// <summary>Like <see cref="Body(EngineParts, MigrationVersion, bool)"/> for callers without the engine's parts (a scratch replay).</summary>
    public Func<DbConnection, DbTransaction, CancellationToken, Task> Body(ILogger logger, PlaceholderValues placeholders, SqlDialect dialect, MigrationVersion version, bool down = false) =>
        (connection, transaction, cancellationToken) =>
        {
            var context = new MigrationContext(connection, transaction, logger, placeholders.All, version, dialect);
            var migration = Create();
            return down ? ((IReversibleCodeMigration)migration).DownAsync(context, cancellationToken) : migration.UpAsync(context, cancellationToken);
        };

    /// <summary>The catalog entry: no SQL, a checksum from the declared text.</summary>
    public MigrationScript ToScript(MigrationVersion version) => new()
    {
        Version = version,
        Description = Info.Description.Replace('_', ' '),
        Kind = MigrationKind.Versioned,
        Name = TypeName,
        Location = Location,
        Sql = string.Empty,
        RawSql = ChecksumText,
        Checksum = Checksum.Compute(ChecksumText),
        Code = this,
    };
}
