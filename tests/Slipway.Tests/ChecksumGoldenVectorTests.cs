using System.Text;
using Slipway.Discovery;
using Slipway.Testing;

namespace Slipway.Tests;

/// <summary>
/// Checksums written by earlier releases live on in every database's history: a change to how a script
/// is read or normalised would report every applied migration as edited. These vectors pin each
/// algorithm the history can hold to literal values (computed outside Slipway: SHA-256 of the UTF-8
/// text without a leading BOM, CRLF and lone CR as LF), through the string API and through files on disk.
/// </summary>
public sealed class ChecksumGoldenVectorTests
{
    private const string Lf = "8af94a73c87086dd33765a54b489b794f6f96d6ef981a92b5b16b3b4cd906937";

    /// <summary>File bytes (hex) and the checksum algorithm 1 must give for them.</summary>
    public static TheoryData<string, string, string> Algorithm1 => new()
    {
        { "lf", Hex("CREATE TABLE notes (id int);\nINSERT INTO notes VALUES (1);\n"), Lf },
        { "crlf", Hex("CREATE TABLE notes (id int);\r\nINSERT INTO notes VALUES (1);\r\n"), Lf },
        { "lone cr", Hex("CREATE TABLE notes (id int);\rINSERT INTO notes VALUES (1);\r"), Lf },
        { "utf-8 bom", "efbbbf" + Hex("CREATE TABLE notes (id int);\nINSERT INTO notes VALUES (1);\n"), Lf },
        { "trailing whitespace", Hex("CREATE TABLE notes (id int);  \nINSERT INTO notes VALUES (1);\t\n\n"), "f62ed142ac93b993793200a2bc687956c3d732bbe3bf0657d343565b3a6c7909" },
        { "non-ascii", Hex("-- Café Łódź 日本語 😀\nINSERT INTO notes (title) VALUES ('naïve — ünïcödé');\n"), "9c3884f019cdd908983933572130e3a2f80e6f94fa1eab9e773b129681a8d682" },
        { "bom, crlf, cr and lf mixed", "efbbbf" + Hex("SELECT 1;\r\nSELECT 2;\rSELECT 3;\n"), "6aba5dabd63b98b834cb3aa01b189f2c65e8f4c20614bbdf697f012c6d2b39c5" },
        { "empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    };

    [Fact]
    public void The_vectors_cover_every_algorithm_this_release_can_verify()
    {
        // A new algorithm needs vectors of its own here; the old ones must keep theirs.
        Assert.Equal(1, Checksum.CurrentAlgorithm);
        Assert.Equal([1], Enumerable.Range(0, 10).Where(Checksum.IsKnown));
    }

    [Theory]
    [MemberData(nameof(Algorithm1))]
    public void Algorithm_1_gives_the_pinned_checksum_for_the_text(string name, string hex, string expected)
    {
        var text = Encoding.UTF8.GetString(Convert.FromHexString(hex));

        Assert.True(expected == Checksum.Compute(text, 1), name);
    }

    [Theory]
    [MemberData(nameof(Algorithm1))]
    public async Task A_migration_file_read_from_disk_gets_the_pinned_checksum(string name, string hex, string expected)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir["migrations"]);
        await File.WriteAllBytesAsync(dir["migrations/V1__golden.sql"], Convert.FromHexString(hex));

        var files = await new FolderMigrationSource(dir["migrations"]).ListAsync();
        var catalog = MigrationCatalog.Build(files);

        var script = Assert.Single(catalog.Versioned);
        Assert.True(expected == script.Checksum, $"{name}: {script.Checksum}");
    }

    [Fact]
    public async Task A_file_with_two_byte_order_marks_loses_both_as_it_always_has()
    {
        // The reader removes the BOM of the bytes and algorithm 1 the one left at the start of the text.
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir["migrations"]);
        await File.WriteAllBytesAsync(dir["migrations/V1__golden.sql"], Convert.FromHexString("efbbbfefbbbf" + Hex("CREATE TABLE notes (id int);\nINSERT INTO notes VALUES (1);\n")));

        var script = Assert.Single(MigrationCatalog.Build(await new FolderMigrationSource(dir["migrations"]).ListAsync()).Versioned);

        Assert.Equal(Lf, script.Checksum);
    }

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));
}
