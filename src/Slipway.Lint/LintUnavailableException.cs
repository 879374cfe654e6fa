using Slipway.Diagnostics;

namespace Slipway.Lint;

/// <summary>
/// libpg_query (PostgreSQL's parser as a library) is not installed, so lint cannot run. Nothing else
/// depends on it: every other command works without it.
/// </summary>
public sealed class LintUnavailableException : SlipwayException
{
    /// <summary>Creates the error with installation instructions.</summary>
    public LintUnavailableException()
        : base("lint needs libpg_query (PostgreSQL's parser as a library), which is not installed. Install it (Debian/Ubuntu: apt-get install libpg-query-dev; other systems: build https://github.com/pganalyze/libpg_query and put libpg_query.so on the library path), or do not ask for linting. Nothing was checked or applied.")
    {
    }
}
