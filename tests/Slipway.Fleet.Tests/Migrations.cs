using System.Globalization;

namespace Slipway.Fleet.Tests;

/// <summary>Migration sets the fleet tests apply to every tenant.</summary>
internal static class Migrations
{
    /// <summary><paramref name="count"/> small migrations; the third builds an index with CREATE INDEX CONCURRENTLY, written
    /// to be re-run (IF NOT EXISTS) as docs/writing-migrations.md asks: a runner killed after the server built it
    /// but before its progress was recorded runs it again.</summary>
    public static IEnumerable<(string Name, string Sql)> Series(int count) => Enumerable.Range(1, count).Select(i => (
        string.Create(CultureInfo.InvariantCulture, $"V{i}__step_{i}.sql"),
        i switch
        {
            1 => "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL);\n",
            3 => "CREATE INDEX CONCURRENTLY IF NOT EXISTS items_name ON items (name);\n",
            _ => string.Create(CultureInfo.InvariantCulture, $"ALTER TABLE items ADD COLUMN c{i} integer;\n"),
        }));
}
