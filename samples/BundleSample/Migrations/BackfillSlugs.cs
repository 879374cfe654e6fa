using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Slipway.Code;

namespace BundleSample.Migrations;

/// <summary>
/// Fills posts.slug from the title with the app's own slug rules: the kind of change that is easier in
/// C# than in SQL. Runs between V2 and V4 (which makes slugs unique), in the transaction of its history row.
/// </summary>
[Migration("3", "backfill_slugs")]
public sealed partial class BackfillSlugs : IReversibleCodeMigration
{
    public async Task UpAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        var titles = new List<(long Id, string Title)>();
        await using (var select = context.CreateCommand("SELECT id, title FROM posts WHERE slug IS NULL ORDER BY id"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                titles.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1)));
            }
        }

        foreach (var (id, title) in titles)
        {
            await using var update = context.CreateCommand("UPDATE posts SET slug = @slug WHERE id = @id");
            AddParameter(update, "@slug", Slugify(title));
            AddParameter(update, "@id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        Backfilled(context.Logger, titles.Count);
    }

    public async Task DownAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        await using var command = context.CreateCommand("UPDATE posts SET slug = NULL");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>"Slipway &amp; C# migrations" → "slipway-c-migrations".</summary>
    public static string Slugify(string title)
    {
        var slug = new StringBuilder(title.Length);
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfilled {Count} slug(s)")]
    private static partial void Backfilled(ILogger logger, int count);

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
