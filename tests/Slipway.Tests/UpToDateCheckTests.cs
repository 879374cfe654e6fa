using System.Globalization;
using System.Text;
using Slipway.Discovery;
using Slipway.History;
using Slipway.Planning;
using Slipway.Sql;

namespace Slipway.Tests;

/// <summary>
/// A run with nothing to do trusts <see cref="UpToDateCheck"/> instead of the planner: whenever the check
/// says up to date, the planner must find nothing pending and no problem beyond the catalog's own, for any
/// history. Generated histories around a fully applied one (edited, missing, extra, failed, rolled back,
/// repaired, reordered, doubled rows; versions and checksums written another way) pin that, and the check
/// must also recognise the plainly applied case, or it would save nothing.
/// </summary>
public sealed class UpToDateCheckTests
{
    private static readonly string[] Mutations =
    [
        "none", "none", "edited", "missing row", "extra row", "failed row", "rollback row", "repair row", "baseline row", "repeatable row",
        "shuffled", "doubled", "version with zero", "upper-case checksum", "algorithm 2", "no checksum", "pending file", "repeatable file",
        "baseline file", "catalog error", "no version",
    ];

    [Fact]
    public void Whenever_the_check_says_up_to_date_the_planner_finds_nothing_to_do()
    {
        var random = new Random(20261130);
        var recognised = 0;
        var undecided = 0;
        for (var round = 0; round < 3000; round++)
        {
            var count = random.Next(0, 12);
            var mutation = Mutations[random.Next(Mutations.Length)];
            var (catalog, history) = Scenario(random, count, mutation);
            var check = UpToDateCheck.For(catalog);
            var bytes = random.Next(2) == 0;
            var upToDate = check is not null && history.Select(row => new Row(row, bytes)).All(check.Visit) && check.UpToDate;

            var plan = Planner.Plan(catalog, history, new PlanRequest(), SqlDialect.PostgreSql);
            var nothingToDo = plan.Pending.Count == 0 && plan.Problems.SequenceEqual(catalog.Problems) && Equals(plan.CurrentVersion, catalog.Latest);
            Assert.True(!upToDate || nothingToDo, $"round {round}, {count} files, {mutation}: the check said up to date, the plan has {plan.Pending.Count} pending and {plan.Problems.Count} problems");
            if (mutation == "none")
            {
                Assert.True(upToDate, $"round {round}: a plainly applied history of {count} files was not recognised");
            }

            (upToDate ? ref recognised : ref undecided)++;
        }

        Assert.True(recognised > 300 && undecided > 1500, $"{recognised} recognised, {undecided} left to the planner");
    }

    [Fact]
    public void Rows_out_of_the_files_order_are_found_by_version()
    {
        var (catalog, history) = Scenario(new Random(1), 50, "none");
        var check = UpToDateCheck.For(catalog)!;

        Assert.All(history.AsEnumerable().Reverse(), row => Assert.True(check.Visit(new Row(row, utf8: true))));
        Assert.True(check.UpToDate);
    }

    [Fact]
    public void A_check_stops_at_the_first_row_it_cannot_vouch_for()
    {
        var (catalog, history) = Scenario(new Random(2), 5, "none");
        var check = UpToDateCheck.For(catalog)!;
        var failed = history[2] with { Success = false };

        Assert.True(check.Empty);
        Assert.True(check.Visit(new Row(history[0], utf8: true)));
        Assert.False(check.Visit(new Row(failed, utf8: true)));
        Assert.False(check.UpToDate);
        Assert.False(check.Empty);
    }

    private static (MigrationCatalog Catalog, List<AppliedMigration> History) Scenario(Random random, int count, string mutation)
    {
        var files = new List<SourceFile>();
        var history = new List<AppliedMigration>();
        for (var i = 1; i <= count; i++)
        {
            var version = (i * 10).ToString(CultureInfo.InvariantCulture);
            var sql = $"CREATE TABLE t{i} (id integer);";
            files.Add(new SourceFile($"V{version}__t{i}.sql", $"V{version}__t{i}.sql", sql));
            history.Add(new AppliedMigration
            {
                Id = i,
                Version = MigrationVersion.Parse(version),
                Description = $"t{i}",
                Kind = MigrationKind.Versioned,
                Script = $"V{version}__t{i}.sql",
                Checksum = Checksum.Compute(sql),
            });
        }

        var at = count == 0 ? 0 : random.Next(count);
        switch (mutation)
        {
            case "edited" when count > 0:
                files[at] = files[at] with { Content = files[at].Content + " -- edited" };
                break;
            case "missing row" when count > 0:
                history.RemoveAt(at);
                break;
            case "extra row":
                history.Add(Extra(MigrationKind.Versioned, "999", success: true));
                break;
            case "failed row":
                history.Add(Extra(MigrationKind.Versioned, "999", success: false));
                break;
            case "rollback row" when count > 0:
                history.Add(Extra(MigrationKind.Rollback, history[at].Version!.Text, success: random.Next(2) == 0));
                break;
            case "repair row":
                history.Add(Extra(MigrationKind.Repair, null, success: true));
                break;
            case "baseline row":
                history.Insert(0, Extra(MigrationKind.Baseline, "1", success: true) with { Checksum = null });
                break;
            case "repeatable row":
                history.Add(Extra(MigrationKind.Repeatable, null, success: true) with { Script = "R__v.sql" });
                break;
            case "shuffled":
                history = [.. history.OrderBy(_ => random.Next())];
                break;
            case "doubled" when count > 0:
                history.Add(history[at] with { Id = 1000 });
                break;
            case "version with zero" when count > 0:
                history[at] = history[at] with { Version = MigrationVersion.Parse("0" + history[at].Version!.Text) };
                break;
            case "upper-case checksum" when count > 0:
                history[at] = history[at] with { Checksum = history[at].Checksum!.ToUpperInvariant() };
                break;
            case "algorithm 2" when count > 0:
                history[at] = history[at] with { ChecksumAlgorithm = 2 };
                break;
            case "no checksum" when count > 0:
                history[at] = history[at] with { Checksum = null };
                break;
            case "no version" when count > 0:
                history[at] = history[at] with { Version = null };
                break;
            case "pending file":
                files.Add(new SourceFile("V9999__new.sql", "V9999__new.sql", "CREATE TABLE n (id integer);"));
                break;
            case "repeatable file":
                files.Add(new SourceFile("R__v.sql", "R__v.sql", "CREATE VIEW v AS SELECT 1;"));
                break;
            case "baseline file":
                files.Add(new SourceFile("B5__base.sql", "B5__base.sql", "CREATE TABLE b (id integer);"));
                break;
            case "catalog error":
                files.Add(new SourceFile("not_a_migration.sql", "not_a_migration.sql", "SELECT 1;"));
                break;
        }

        return (MigrationCatalog.Build(files), history);

        AppliedMigration Extra(MigrationKind kind, string? version, bool success) => new()
        {
            Id = 500 + history.Count,
            Version = version is null ? null : MigrationVersion.Parse(version),
            Description = "extra",
            Kind = kind,
            Script = $"V{version}__extra.sql",
            Checksum = Checksum.Compute("SELECT 1;"),
            Success = success,
        };
    }

    /// <summary>A history row as a driver gives it: the columns of <see cref="HistoryCodec.Columns"/>, with or without UTF-8 access.</summary>
    private sealed class Row(AppliedMigration row, bool utf8) : IHistoryRow
    {
        private object? Value(int ordinal) => HistoryCodec.Columns[ordinal].Name switch
        {
            "version" => row.Version?.Text,
            "kind" => row.Kind,
            "checksum" => row.Checksum,
            "checksum_algorithm" => row.ChecksumAlgorithm,
            "success" => row.Success,
            var other => throw new InvalidOperationException($"the check read the column {other}, which it does not need"),
        };

        public bool IsNull(int ordinal) => Value(ordinal) is null;

        public string GetText(int ordinal) => (string)Value(ordinal)!;

        public bool TryGetUtf8(int ordinal, out ReadOnlySpan<byte> utf8Bytes)
        {
            utf8Bytes = utf8 ? Encoding.UTF8.GetBytes(GetText(ordinal)) : default;
            return utf8;
        }

        public int GetInt32(int ordinal) => (int)Value(ordinal)!;

        public long GetInt64(int ordinal) => throw new InvalidOperationException("not a column the check needs");

        public bool GetBoolean(int ordinal) => (bool)Value(ordinal)!;

        public DateTimeOffset GetTimestamp(int ordinal) => throw new InvalidOperationException("not a column the check needs");

        public MigrationKind GetKind(int ordinal) => (MigrationKind)Value(ordinal)!;

        public MigrationPhase GetPhase(int ordinal) => throw new InvalidOperationException("not a column the check needs");
    }
}
