using System.Security.Cryptography;
using System.Text;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Tests;

/// <summary>
/// Checksums are held as their 32 bytes and shown as text: the text a row or a script was given must be the
/// text it gives back, byte for byte, or a repair or a history listing would rewrite what was stored.
/// </summary>
public sealed class ChecksumValueTests
{
    [Fact]
    public void Any_32_bytes_parse_from_their_lowercase_hex_and_format_back_to_it()
    {
        var random = new Random(20261130);
        var hash = new byte[SHA256.HashSizeInBytes];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(hash);
            var hex = Convert.ToHexStringLower(hash);

            Assert.True(ChecksumValue.TryParse(hex, out var fromText), hex);
            Assert.True(ChecksumValue.TryParse(Encoding.UTF8.GetBytes(hex), out var fromUtf8), hex);
            Assert.Equal(hex, fromText.ToString());
            Assert.Equal(new ChecksumValue(hash), fromText);
            Assert.Equal(fromText, fromUtf8);
        }
    }

    [Fact]
    public void Two_different_hashes_are_never_equal()
    {
        var random = new Random(7);
        var a = new byte[SHA256.HashSizeInBytes];
        random.NextBytes(a);
        for (var i = 0; i < a.Length * 8; i++)
        {
            var b = (byte[])a.Clone();
            b[i / 8] ^= (byte)(1 << (i % 8));
            Assert.NotEqual(new ChecksumValue(a), new ChecksumValue(b));
        }
    }

    [Theory]
    [InlineData("upper case", "8AF94A73C87086DD33765A54B489B794F6F96D6EF981A92B5B16B3B4CD906937")]
    [InlineData("one digit short", "8af94a73c87086dd33765a54b489b794f6f96d6ef981a92b5b16b3b4cd90693")]
    [InlineData("one digit long", "8af94a73c87086dd33765a54b489b794f6f96d6ef981a92b5b16b3b4cd9069370")]
    [InlineData("not hex", "8af94a73c87086dd33765a54b489b794f6f96d6ef981a92b5b16b3b4cd90693g")]
    [InlineData("a multi-byte character", "éaf94a73c87086dd33765a54b489b794f6f96d6ef981a92b5b16b3b4cd906937")]
    [InlineData("another algorithm's", "crc32:-1234567")]
    [InlineData("empty", "")]
    public void Any_other_text_does_not_parse_and_is_kept_as_given(string name, string text)
    {
        Assert.False(ChecksumValue.TryParse(text, out _), name);
        Assert.False(ChecksumValue.TryParse(Encoding.UTF8.GetBytes(text), out _), name);

        var script = new MigrationScript { Description = "d", Kind = MigrationKind.Versioned, Name = "V1__d.sql", Location = "V1__d.sql", Sql = "SELECT 1", Checksum = text };
        var row = new AppliedMigration { Id = 1, Description = "d", Kind = MigrationKind.Versioned, Script = "V1__d.sql", Checksum = text };
        Assert.Equal(text, script.Checksum);
        Assert.Equal(text, row.Checksum);
    }

    [Fact]
    public void A_row_matches_a_script_only_when_their_checksum_texts_are_equal()
    {
        var lower = Checksum.Compute("SELECT 1");
        MigrationScript Script(string checksum) => new() { Description = "d", Kind = MigrationKind.Versioned, Name = "V1__d.sql", Location = "V1__d.sql", Sql = "SELECT 1", Checksum = checksum };
        AppliedMigration Row(string? checksum, int algorithm = Checksum.CurrentAlgorithm) =>
            new() { Id = 1, Description = "d", Kind = MigrationKind.Versioned, Script = "V1__d.sql", Checksum = checksum, ChecksumAlgorithm = algorithm };

        Assert.True(Row(lower).Matches(Script(lower)));
        Assert.False(Row(Checksum.Compute("SELECT 2")).Matches(Script(lower)));
        Assert.False(Row(lower.ToUpperInvariant()).Matches(Script(lower)));
        Assert.False(Row(lower).Matches(Script(lower.ToUpperInvariant())));
        Assert.True(Row(lower.ToUpperInvariant()).Matches(Script(lower.ToUpperInvariant())));
        Assert.Null(Row(null).Matches(Script(lower)));
        Assert.Null(Row(lower, algorithm: 2).Matches(Script(lower)));
    }

    [Fact]
    public void A_catalog_script_and_a_row_given_the_same_text_are_equal_to_ones_given_it_again()
    {
        var lower = Checksum.Compute("SELECT 1");
        var catalog = MigrationCatalog.Build([new SourceFile("V1__d.sql", "V1__d.sql", "SELECT 1")]);
        var script = Assert.Single(catalog.Versioned);

        Assert.Equal(lower, script.Checksum);
        Assert.Equal(script, script with { Checksum = lower });
        Assert.NotEqual(script, script with { Checksum = lower.ToUpperInvariant() });
        Assert.Equal(script with { Checksum = "crc32:1" }, script with { Checksum = Checksum.Compute("other") } with { Checksum = "crc32:1" });
    }
}
