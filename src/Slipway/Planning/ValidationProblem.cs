namespace Slipway.Planning;

/// <summary>How bad a problem is: errors stop a run, warnings are printed and the run goes on.</summary>
public enum ProblemSeverity
{
    /// <summary>Printed; the run goes on.</summary>
    Warning,

    /// <summary>Nothing is applied.</summary>
    Error,
}

/// <summary>
/// One thing wrong with the migrations or the history, with where it is (<c>file</c> or <c>file:line</c>)
/// and what to do about it.
/// </summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable identifier, e.g. <c>duplicate-version</c>, for scripts and docs.</param>
/// <param name="Location">The file (and line) the problem is in, or the history row.</param>
/// <param name="Message">What is wrong and what to do.</param>
public sealed record ValidationProblem(ProblemSeverity Severity, string Code, string Location, string Message)
{
    /// <summary>An error.</summary>
    public static ValidationProblem Error(string code, string location, string message) =>
        new(ProblemSeverity.Error, code, location, message);

    /// <summary>A warning.</summary>
    public static ValidationProblem Warning(string code, string location, string message) =>
        new(ProblemSeverity.Warning, code, location, message);

    /// <summary>Reads as <c>error: migrations/V2__x.sql:1: message [code]</c>.</summary>
    public override string ToString() =>
        $"{(Severity == ProblemSeverity.Error ? "error" : "warning")}: {Location}: {Message} [{Code}]";
}
