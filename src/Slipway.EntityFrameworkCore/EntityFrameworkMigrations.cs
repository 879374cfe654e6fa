using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Execution;

namespace Slipway.EntityFrameworkCore;

/// <summary>
/// EF Core migrations outside the app's own runs: export them as Slipway files for the migration image,
/// and adopt a database that EF Core itself migrated.
/// </summary>
public static class EntityFrameworkMigrations
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes each EF Core migration of <paramref name="context"/> as <c>V{timestamp}__{Name}.sql</c> and
    /// <c>U{timestamp}__{Name}.sql</c> into <paramref name="directory"/> (created when missing), replacing
    /// files of the same name, and deletes files an earlier export wrote for this context whose migration
    /// is gone; other files in the folder are left alone. The output is deterministic: the same migrations
    /// give the same bytes. The context only has to be configured with its provider; no connection is
    /// opened. Returns the file names written, in version order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ExportAsync(DbContext context, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var scripts = EntityFrameworkScriptGenerator.Generate(context);
        Directory.CreateDirectory(directory);
        var written = new List<string>(scripts.Count * 2);
        foreach (var script in scripts)
        {
            foreach (var (name, sql) in new[] { (script.Migration.UpFileName, script.UpSql), (script.Migration.DownFileName, script.DownSql) })
            {
                await File.WriteAllTextAsync(Path.Combine(directory, name), sql, Utf8, cancellationToken);
                written.Add(name);
            }
        }

        await DeleteStaleAsync(directory, EntityFrameworkScriptGenerator.Signature(context.GetType().Name), written, cancellationToken);
        return written;
    }

    // A migration deleted from the app (dotnet ef migrations remove) must not stay behind in the folder.
    private static async Task DeleteStaleAsync(string directory, string signature, List<string> written, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFiles(directory, "*.sql"))
        {
            if (written.Contains(Path.GetFileName(path), StringComparer.Ordinal))
            {
                continue;
            }

            using var reader = new StreamReader(path, Utf8);
            for (var i = 0; i < 2 && await reader.ReadLineAsync(cancellationToken) is { } line; i++)
            {
                if (line.EndsWith(signature, StringComparison.Ordinal))
                {
                    reader.Dispose();
                    File.Delete(path);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Adopts a database that EF Core migrated (it has <c>__EFMigrationsHistory</c> rows) and that Slipway
    /// has never migrated: records a Slipway baseline at the version of the newest EF migration applied,
    /// so nothing is applied twice. Does nothing and returns null when EF Core has applied nothing or the
    /// Slipway history already has rows, so it is safe on every start. Throws
    /// <see cref="ValidationException"/> when EF Core's history has a gap or a migration the app does not
    /// know, naming it; nothing is written then.
    /// </summary>
    /// <param name="context">A context of the app, connected to the database to adopt.</param>
    /// <param name="provider">The Slipway provider for the same database.</param>
    /// <param name="sources">The app's migration sources, for the report of what the baseline covers.</param>
    /// <param name="options">Lock and connection waits; defaults when null.</param>
    /// <param name="logger">Where the baseline is logged; none when null.</param>
    /// <param name="cancellationToken">Stops the adoption.</param>
    public static async Task<BaselineReport?> AdoptAsync(
        DbContext context,
        IMigrationProvider provider,
        IReadOnlyList<IMigrationSource> sources,
        MigratorOptions? options = null,
        ILogger<Baseliner>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(provider);
        // EF's history first: a runner that adopts and then migrates adds rows to both, and a version read
        // from EF before Slipway's history is never newer than that runner's baseline.
        var version = await EntityFrameworkHistory.NewestAppliedAsync(context, cancellationToken);
        if (version is null)
        {
            return null;
        }

        await using (var session = await provider.OpenAsync(cancellationToken))
        {
            if ((await session.ReadHistoryAsync(false, cancellationToken)).Count > 0)
            {
                return null;
            }
        }

        return await new Baseliner(provider, sources, options, logger).RunAsync(version, cancellationToken);
    }
}
