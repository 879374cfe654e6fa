using Slipway.Diagnostics;
using Slipway.Discovery;
using Slipway.Planning;
using Slipway.Testing;

namespace Slipway.Tests;

public sealed class CatalogTests
{
    private static MigrationCatalog Build(params (string Name, string Sql)[] files) =>
        MigrationCatalog.Build(files.Select(f => new SourceFile(f.Name, "migrations/" + f.Name, f.Sql)));

    [Fact]
    public void Every_problem_is_reported_at_once_with_file_names()
    {
        var catalog = Build(
            ("V1__a.sql", "CREATE TABLE a (id int);"),
            ("V1.0__a_again.sql", "CREATE TABLE b (id int);"),
            ("notes.sql", "SELECT 1;"),
            ("V2__empty.sql", "  \n-- nothing here\n"),
            ("V3__typo.sql", "-- slipway: no-transation\nSELECT 1;"));

        var errors = catalog.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, p => p.Code == "duplicate-version" && p.Message.Contains("migrations/V1__a.sql", StringComparison.Ordinal));
        Assert.Contains(errors, p => p.Code == "unparseable-name" && p.Location == "migrations/notes.sql");
        Assert.Contains(errors, p => p.Code == "empty-migration" && p.Location == "migrations/V2__empty.sql");
        Assert.Contains(errors, p => p.Code == "unknown-directive" && p.Location == "migrations/V3__typo.sql:1");
    }

    [Fact]
    public void Down_scripts_attach_to_their_up_script_and_an_empty_one_is_only_a_warning()
    {
        var catalog = Build(
            ("V1__a.sql", "CREATE TABLE a (id int);"),
            ("U1__a.sql", "DROP TABLE a;"),
            ("V2__b.sql", "CREATE TABLE b (id int);"),
            ("U2__b.sql", ""),
            ("U9__orphan.sql", "DROP TABLE z;"));

        Assert.Equal("DROP TABLE a;", catalog.Versioned[0].DownSql);
        Assert.Equal("", catalog.Versioned[1].DownSql);
        Assert.All(catalog.Problems, p => Assert.Equal(ProblemSeverity.Warning, p.Severity));
        Assert.Contains(catalog.Problems, p => p.Code == "empty-down");
        Assert.Contains(catalog.Problems, p => p.Code == "orphan-down");
    }

    [Fact]
    public void Golang_migrate_and_dbmate_files_are_read_with_their_down_sections()
    {
        var catalog = Build(
            ("20240101000000_users.up.sql", "CREATE TABLE users (id int);"),
            ("20240101000000_users.down.sql", "DROP TABLE users;"),
            ("20240102000000_orders.sql", "-- migrate:up\nCREATE TABLE orders (id int);\n\n-- migrate:down\nDROP TABLE orders;\n"));

        Assert.Empty(catalog.Problems);
        Assert.Equal("DROP TABLE users;", catalog.Versioned[0].DownSql);
        Assert.Contains("CREATE TABLE orders", catalog.Versioned[1].Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP TABLE orders", catalog.Versioned[1].Sql, StringComparison.Ordinal);
        Assert.Contains("DROP TABLE orders", catalog.Versioned[1].DownSql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_folders_merge_by_version_and_a_version_in_two_folders_is_an_error()
    {
        using var dir = new TempDirectory();
        dir.Write("core/V1__a.sql", "CREATE TABLE a (id int);");
        dir.Write("core/V3__c.sql", "CREATE TABLE c (id int);");
        dir.Write("tenant/V2__b.sql", "CREATE TABLE b (id int);");
        var merged = await MigrationCatalog.LoadAsync([new FolderMigrationSource(dir["core"]), new FolderMigrationSource(dir["tenant"])]);
        Assert.Equal(["1", "2", "3"], merged.Versioned.Select(s => s.Version!.Text));

        dir.Write("tenant/V3__clash.sql", "SELECT 1;");
        var clashing = await MigrationCatalog.LoadAsync([new FolderMigrationSource(dir["core"]), new FolderMigrationSource(dir["tenant"])]);
        Assert.Contains(clashing.Problems, p => p.Code == "duplicate-version" && p.Location.EndsWith("V3__clash.sql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_folder_yields_its_sql_files_in_version_order_and_nothing_else()
    {
        using var dir = new TempDirectory();
        dir.Write("m/V10__ten.sql", "CREATE TABLE ten (id int);");
        dir.Write("m/V2__two.sql", "CREATE TABLE two (id int);");
        dir.Write("m/V9__nine.sql", "CREATE TABLE nine (id int);");
        dir.Write("m/.V3__editor_copy.sql", "garbage");
        dir.Write("m/V4__notes.SQL", "not matched: the extension is case-sensitive");
        dir.Write("m/README.md", "# migrations");
        dir.Write("m/V5__folder.sql/V6__nested.sql", "CREATE TABLE nested (id int);");

        var relative = Path.GetRelativePath(Environment.CurrentDirectory, dir["m"]);
        foreach (var given in new[] { dir["m"], relative, dir["m"] + Path.DirectorySeparatorChar })
        {
            var catalog = await MigrationCatalog.LoadAsync([new FolderMigrationSource(given)]);
            Assert.Empty(catalog.Problems);
            Assert.Equal(["2", "9", "10"], catalog.Versioned.Select(s => s.Version!.Text));
            Assert.Equal(Path.Combine(given, "V10__ten.sql"), catalog.Versioned[2].Location);
            Assert.Equal("CREATE TABLE ten (id int);", catalog.Versioned[2].Sql);
        }
    }

    [Fact]
    public async Task An_unreadable_file_is_a_configuration_error_naming_the_first_by_name()
    {
        using var dir = new TempDirectory();
        for (var i = 1; i <= 300; i++)
        {
            dir.Write($"m/V{i:D4}__step.sql", $"SELECT {i};");
        }

        // Dangling links: listed as files, but opening them fails.
        File.CreateSymbolicLink(dir["m/V0250__gone.sql"], dir["nowhere.sql"]);
        File.CreateSymbolicLink(dir["m/V0120__gone.sql"], dir["nowhere.sql"]);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var error = await Assert.ThrowsAsync<ConfigurationException>(() => new FolderMigrationSource(dir["m"]).ListAsync());
            Assert.StartsWith($"Cannot read the migration '{dir["m/V0120__gone.sql"]}': it does not exist", error.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<IOException>(error.InnerException);
        }
    }

    [Fact]
    public async Task A_missing_folder_is_a_configuration_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => new FolderMigrationSource("no/such/folder").ListAsync());
        Assert.Contains("no/such/folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrations_embedded_in_an_assembly_are_found_with_their_file_names()
    {
        var catalog = await MigrationCatalog.LoadAsync([new EmbeddedMigrationSource(typeof(CatalogTests).Assembly)]);
        var script = Assert.Single(catalog.Versioned);
        Assert.Equal("V1__embedded.sql", script.Name);
        Assert.Equal("DROP TABLE embedded;\n", script.DownSql);
    }
}
