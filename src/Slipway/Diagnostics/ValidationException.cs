using Slipway.Planning;

namespace Slipway.Diagnostics;

/// <summary>Validation found one or more problems. Every problem is listed; nothing was applied.</summary>
public sealed class ValidationException : SlipwayException
{
    /// <summary>Creates the error from the full list of problems.</summary>
    public ValidationException(IReadOnlyList<ValidationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, errors and warnings, in discovery order.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ValidationProblem> problems)
    {
        var errors = problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        return $"Validation failed with {errors.Count} error(s); nothing was applied:"
            + string.Concat(errors.Select(e => Environment.NewLine + "  " + e));
    }
}
