using Slipway.Diagnostics;

namespace Slipway.Lint;

/// <summary>
/// libpg_query (PostgreSQL's parser as a library) is not installed, so lint cannot run. Nothing else
/// depends on it: every other command works without it.
/// </summary>
public sealed class LintUnavailableException : SlipwayException
{
    /// <summary>The exit code of this error (documented in docs/cli.md).</summary>
    public const int Code = ExitCodes.LintUnavailable;

    /// <summary>Creates the error with installation instructions.</summary>
    public LintUnavailableException()
        : base("lint needs libpg_query (PostgreSQL's parser as a library), which is not installed. Install it (Debian/Ubuntu: apt-get install libpg-query-dev; other systems: build https://github.com/pganalyze/libpg_query and put libpg_query.so on the library path), or run without --lint. Nothing was checked or applied.")
    {
    }

    /// <inheritdoc />
    public override int ExitCode => Code;
}
