using Slipway.Discovery;
using Slipway.Sql;

namespace Slipway.Tests.Sql;

/// <summary>Down scripts are analysed by the same rules as up scripts.</summary>
public sealed class DownScriptAnalysisTests
{
    private static MigrationScript Script(string down, string? downLocation) => new()
    {
        Version = MigrationVersion.Parse("2"),
        Description = "indexes",
        Kind = MigrationKind.Versioned,
        Name = "V2__indexes.sql",
        Location = "migrations/V2__indexes.sql",
        Sql = "CREATE INDEX CONCURRENTLY a ON t (a);",
        Checksum = "x",
        DownSql = down,
        DownName = "U2__indexes.sql",
        DownLocation = downLocation,
    };

    [Fact]
    public void A_down_script_of_concurrent_drops_runs_statement_by_statement()
    {
        var analysis = ScriptAnalysis.OfDown(Script("DROP INDEX CONCURRENTLY a;\nDROP INDEX CONCURRENTLY b;\n", "migrations/U2__indexes.sql"), SqlDialect.PostgreSql);

        Assert.Equal(TransactionMode.NoTransactionDetected, analysis.Mode);
        Assert.Equal(2, analysis.Statements.Count);
        Assert.Empty(analysis.Problems);
    }

    [Fact]
    public void A_down_script_mixing_a_concurrent_drop_with_other_statements_is_an_error_at_its_own_location()
    {
        var analysis = ScriptAnalysis.OfDown(Script("DROP TABLE t;\nDROP INDEX CONCURRENTLY a;\n", null), SqlDialect.PostgreSql);

        var problem = Assert.Single(analysis.Problems);
        Assert.Equal(("mixed-transaction", "U2__indexes.sql:2"), (problem.Code, problem.Location));
    }

    [Fact]
    public void On_sqlite_the_same_down_script_is_one_transaction()
    {
        var analysis = ScriptAnalysis.OfDown(Script("DROP INDEX a;\nDROP INDEX b;\n", "migrations/U2__indexes.sql"), SqlDialect.Sqlite);

        Assert.True(analysis.Transactional);
    }
}
