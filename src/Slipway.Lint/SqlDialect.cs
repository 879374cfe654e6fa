namespace Slipway.Lint;

/// <summary>The database the migrations are written for; SQLite gets the rules that apply to it.</summary>
public enum SqlDialect
{
    /// <summary>PostgreSQL: every rule.</summary>
    Postgres,

    /// <summary>SQLite: the rules about breaking the running application (drops and renames).</summary>
    Sqlite,
}
