namespace Slipway.Cli.Fleets;

/// <summary>
/// One target as the command line read it, before a provider exists.
/// </summary>
/// <param name="Url">The target's database URL. Contains the password: never printed.</param>
/// <param name="DisplayName">How messages name it, without a password; also its shard key.</param>
/// <param name="Tenant">The tenant's name: the schema, the database or the file name.</param>
/// <param name="HistorySchema">The history table's schema (the tenant's schema for <c>schema:NAME</c>); null: the run's setting.</param>
/// <param name="Origin">Where it was listed, e.g. <c>targets.txt:12</c>, for messages.</param>
internal sealed record TargetSpec(string Url, string DisplayName, string Tenant, string? HistorySchema, string Origin);
