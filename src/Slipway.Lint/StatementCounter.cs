using Slipway.Lint.Native;

namespace Slipway.Lint;

/// <summary>Counts the statements of a script with PostgreSQL's scanner, for audit records.</summary>
public static class StatementCounter
{
    /// <summary>The number of statements, or null when libpg_query is not installed.</summary>
    public static int? Count(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        try
        {
            return PgQueryParser.Split(sql).Count;
        }
        catch (LintUnavailableException)
        {
            return null;
        }
    }
}
