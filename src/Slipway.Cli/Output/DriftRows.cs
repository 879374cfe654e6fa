using Slipway.Execution;

namespace Slipway.Cli.Output;

/// <summary>How a drift difference is named and marked, the same for <c>drift</c> and <c>fleet drift</c>.</summary>
internal static class DriftRows
{
    /// <summary>extra (exists but no migration created it), missing, or changed.</summary>
    public static string Change(SchemaDifference difference) => (difference.Expected, difference.Actual) switch
    {
        (null, _) => "extra",
        (_, null) => "missing",
        _ => "changed",
    };

    /// <summary>The text mark of a change: + extra, - missing, ~ changed.</summary>
    public static string Symbol(string change) => change switch
    {
        "extra" => "+",
        "missing" => "-",
        _ => "~",
    };
}
