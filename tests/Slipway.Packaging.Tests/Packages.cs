namespace Slipway.Packaging.Tests;

/// <summary>The packages users install, by project.</summary>
internal static class Packages
{
    /// <summary>The libraries.</summary>
    public static readonly string[] Libraries = ["Slipway", "Slipway.Postgres", "Slipway.Sqlite", "Slipway.MySql", "Slipway.AspNetCore", "Slipway.EntityFrameworkCore", "Slipway.Aspire.Hosting", "Slipway.CommandLine"];

    /// <summary>The <c>slipway</c> .NET tool.</summary>
    public const string Tool = "Slipway.Cli";

    /// <summary>Every package, each one a project <c>src/{name}/{name}.csproj</c>.</summary>
    public static IEnumerable<string> All => [.. Libraries, Tool];
}
