using Slipway.Execution;

namespace Slipway.Tests;

/// <summary>The schema file format, its unified diff and the object patterns of <c>drift --exclude</c>.</summary>
public sealed class SchemaTextTests
{
    [Fact]
    public void A_schema_file_lists_objects_in_key_order_with_definitions_indented_and_no_trailing_spaces()
    {
        var snapshot = new SchemaSnapshot([new("table public.b", ""), new("function public.f()", "CREATE FUNCTION f()  \r\n RETURNS int\n\n"), new("index public.a", "CREATE INDEX a ON b (x)")]);

        var text = SchemaText.Format(snapshot);

        Assert.Equal(SchemaText.Header + "\nfunction public.f()\n    CREATE FUNCTION f()\n     RETURNS int\nindex public.a\n    CREATE INDEX a ON b (x)\ntable public.b\n", text);
    }

    [Fact]
    public void Equal_files_have_an_empty_diff_whatever_their_line_endings()
    {
        Assert.Equal(string.Empty, UnifiedDiff.Format(SchemaText.Lines("a\r\nb\r\n"), SchemaText.Lines("a\nb"), "x", "y"));
    }

    [Fact]
    public void A_diff_has_diff_u_hunks_with_three_lines_of_context()
    {
        string[] before = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"];
        var after = before.ToList();
        after[1] = "two";
        after.Insert(15, "15.5");

        var diff = UnifiedDiff.Format(before, after, "old", "new");

        Assert.Equal("""
            --- old
            +++ new
            @@ -1,5 +1,5 @@
             1
            -2
            +two
             3
             4
             5
            @@ -13,6 +13,7 @@
             13
             14
             15
            +15.5
             16
             17
             18

            """.Replace("\r\n", "\n", StringComparison.Ordinal), diff);
    }

    [Fact]
    public void A_diff_of_an_added_file_starts_at_line_zero_of_the_old_one()
    {
        Assert.Equal("--- old\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n", UnifiedDiff.Format([], ["a", "b"], "old", "new"));
    }

    [Theory]
    [InlineData("public.partman_*", "table public.partman_p1", true)]
    [InlineData("public.partman_*", "column public.partman_p1.id", true)]
    [InlineData("public.partman_*", "table public.notes", false)]
    [InlineData("index *_tmp", "index public.x_tmp", true)]
    [InlineData("index *_tmp", "table public.x_tmp", false)]
    [InlineData("public.note?", "materialized view public.notes", true)]
    [InlineData("notes", "table public.notes", false)]
    public void Exclude_patterns_match_an_object_name_or_its_whole_key(string pattern, string key, bool matches)
    {
        Assert.Equal(matches, new ObjectPattern(pattern).Matches(key));
    }
}
