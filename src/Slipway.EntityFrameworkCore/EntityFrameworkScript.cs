namespace Slipway.EntityFrameworkCore;

/// <summary>One EF Core migration as a Slipway up script and down script.</summary>
/// <param name="Migration">The EF migration id and the Slipway names it maps to.</param>
/// <param name="UpSql">The up script: EF Core's SQL for this one step, with its <c>__EFMigrationsHistory</c> insert.</param>
/// <param name="DownSql">The down script: EF Core's SQL reverting this step, with its <c>__EFMigrationsHistory</c> delete.</param>
internal sealed record EntityFrameworkScript(EntityFrameworkMigrationId Migration, string UpSql, string DownSql);
