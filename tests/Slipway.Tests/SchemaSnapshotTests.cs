using Slipway.Execution;

namespace Slipway.Tests;

public sealed class SchemaSnapshotTests
{
    private static SchemaSnapshot Snapshot(params (string Key, string Definition)[] objects) =>
        new(objects.Select(o => new KeyValuePair<string, string>(o.Key, o.Definition)));

    [Fact]
    public void The_first_difference_in_key_order_is_reported_with_what_was_expected()
    {
        var before = Snapshot(("column public.notes.body", "text NOT NULL"), ("table public.notes", ""));
        var after = Snapshot(("column public.notes.body", "text"), ("index public.notes_idx", "CREATE INDEX notes_idx ON public.notes (body)"), ("table public.notes", ""));

        var difference = SchemaSnapshot.FirstDifference(before, after);

        Assert.Equal("column public.notes.body differs: expected 'text NOT NULL', found 'text'", difference?.ToString());
        Assert.Null(SchemaSnapshot.FirstDifference(after, Snapshot([.. after.Objects.Select(o => (o.Key, o.Value))])));
    }

    [Fact]
    public void Extra_and_missing_objects_and_multi_line_definitions_read_precisely()
    {
        Assert.Equal("index public.i exists but should not (CREATE INDEX i)", new SchemaDifference("index public.i", null, "CREATE INDEX i").ToString());
        Assert.Equal("view public.v is missing (SELECT 1)", new SchemaDifference("view public.v", "SELECT 1", null).ToString());
        Assert.Equal("function public.f() differs: at line 3 of its definition expected '-- note', found 'RETURN NEW;'",
            new SchemaDifference("function public.f()", "BEGIN\nx\n  -- note\nRETURN NEW;", "BEGIN\nx\n  RETURN NEW;").ToString());
    }
}
