using Slipway.Code;
using Slipway.Diagnostics;
using Slipway.Discovery;

namespace Slipway.Tests;

public sealed class CodeMigrationCatalogTests
{
    [Fact]
    public async Task Code_migrations_are_merged_by_version_and_a_down_file_may_undo_one()
    {
        var catalog = await MigrationCatalog.LoadAsync([
            new InMemoryMigrationSource(("V1__a.sql", "SELECT 1;"), ("V3__c.sql", "SELECT 3;"), ("U2__b.sql", "SELECT 'down';")),
            new CodeMigrationSource().Add<Step2>()]);

        Assert.Empty(catalog.Problems);
        Assert.Equal(["1", "2", "3"], catalog.Versioned.Select(s => s.Version!.Text));
        var code = catalog.Versioned[1];
        Assert.Equal(typeof(Step2).FullName, code.Name);
        Assert.Equal("code:Slipway.Tests/" + typeof(Step2).FullName, code.Location);
        Assert.Equal("step two", code.Description);
        Assert.Equal("SELECT 'down';", code.DownSql);
        Assert.True(code.HasDown);
        Assert.Equal(Checksum.Compute("slipway-code-migration:7"), code.Checksum);
    }

    [Fact]
    public async Task A_declared_version_that_does_not_parse_is_an_error_naming_the_class()
    {
        var catalog = await MigrationCatalog.LoadAsync([new CodeMigrationSource().Add<BadVersion>()]);

        var problem = Assert.Single(catalog.Problems);
        Assert.Equal("unparseable-name", problem.Code);
        Assert.EndsWith(typeof(BadVersion).FullName!, problem.Location, StringComparison.Ordinal);
        Assert.Contains("\"five\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_without_the_attribute_is_refused_when_registered()
    {
        var error = Assert.Throws<ConfigurationException>(() => new CodeMigrationSource().Add<Unmarked>());

        Assert.Contains("[Migration(\"version\", \"description\")]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFromAssembly_finds_the_attributed_classes_of_an_assembly()
    {
        var source = new CodeMigrationSource().AddFromAssembly(typeof(CodeMigrationCatalogTests).Assembly);

        Assert.Equal([typeof(BadVersion).FullName, typeof(Step2).FullName], source.Migrations.Select(m => m.TypeName));
        Assert.IsType<Step2>(source.Migrations[1].Create());
        Assert.False(source.Migrations[1].Reversible);
    }

    [Migration("2", "step_two", Checksum = "7")]
    public sealed class Step2 : ICodeMigration
    {
        public Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Migration("five", "bad")]
    public sealed class BadVersion : ICodeMigration
    {
        public Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class Unmarked : ICodeMigration
    {
        public Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
