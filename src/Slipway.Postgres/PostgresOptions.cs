using Slipway.History;

namespace Slipway.Postgres;

/// <summary>Settings of the PostgreSQL provider. Build them with <see cref="PostgresConnectionUrl.Parse"/>.</summary>
public sealed record PostgresOptions
{
    /// <summary>An Npgsql connection string. Contains the password: never log it.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The target with the password removed, for messages.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The history table.</summary>
    public HistoryTable HistoryTable { get; init; } = new();

    /// <summary>Limits schema snapshots to this schema (a verify scratch schema); null: every user schema.</summary>
    internal string? SnapshotSchema { get; init; }
}
