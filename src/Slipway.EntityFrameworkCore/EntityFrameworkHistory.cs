using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Planning;

namespace Slipway.EntityFrameworkCore;

/// <summary>Reads what EF Core recorded in <c>__EFMigrationsHistory</c> and checks it can be adopted as one baseline.</summary>
internal static class EntityFrameworkHistory
{
    /// <summary>The Slipway version of the newest EF migration applied; null when EF applied none (or has no history table).</summary>
    public static async Task<MigrationVersion?> NewestAppliedAsync(DbContext context, CancellationToken cancellationToken)
    {
        var contextName = context.GetType().Name;
        var applied = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (applied.Count == 0)
        {
            return null;
        }

        var known = context.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal).ToList();
        var location = "__EFMigrationsHistory";
        if (applied.FirstOrDefault(id => !known.Contains(id, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ValidationException([ValidationProblem.Error("ef-history-unknown", location,
                $"EF Core applied migration '{unknown}', which {contextName} does not have; adopt the database with the app version that created it. Nothing was changed")]);
        }

        var newest = known.FindLastIndex(applied.Contains);
        if (known.Take(newest).FirstOrDefault(id => !applied.Contains(id)) is { } gap)
        {
            throw new ValidationException([ValidationProblem.Error("ef-history-gap", location,
                $"EF Core applied '{known[newest]}' but not the older '{gap}'; apply it with EF Core ('dotnet ef database update') before adopting, since a baseline counts every older migration as applied. Nothing was changed")]);
        }

        return EntityFrameworkMigrationId.Parse(known[newest], contextName).Version;
    }
}
