using Slipway.Code;
using Slipway.Planning;

namespace Slipway.Discovery;

/// <summary>
/// The migrations of one or more sources, merged and checked: versioned scripts in version order
/// with their down scripts attached, then repeatables in name order. Problems in names, duplicates,
/// empty files and directives are collected, not thrown, so they can all be reported at once.
/// </summary>
internal sealed class MigrationCatalog
{
    private MigrationCatalog(IReadOnlyList<MigrationScript> versioned, IReadOnlyList<MigrationScript> repeatable, IReadOnlyList<MigrationScript> baselines, IReadOnlyList<ValidationProblem> problems)
    {
        Versioned = versioned;
        Repeatable = repeatable;
        Baselines = baselines;
        Problems = problems;
    }

    /// <summary>Versioned migrations in ascending version order.</summary>
    public IReadOnlyList<MigrationScript> Versioned { get; }

    /// <summary>Repeatable migrations in name order.</summary>
    public IReadOnlyList<MigrationScript> Repeatable { get; }

    /// <summary>
    /// Baseline scripts (<c>B{version}__{description}.sql</c>) in ascending version order: a new database
    /// runs the newest one at or below its target instead of the versioned migrations it covers.
    /// </summary>
    public IReadOnlyList<MigrationScript> Baselines { get; }

    /// <summary>Problems found while reading the scripts.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>The newest version on disk, or null when there are no versioned migrations.</summary>
    public MigrationVersion? Latest => Versioned.Count == 0 ? null : Versioned[^1].Version;

    /// <summary>Reads every source and builds the catalog; any <c>${name}</c> placeholder in a script is reported as unknown.</summary>
    public static Task<MigrationCatalog> LoadAsync(IEnumerable<IMigrationSource> sources, CancellationToken cancellationToken = default) =>
        LoadAsync(sources, PlaceholderValues.None, cancellationToken);

    /// <summary>Reads every source and builds the catalog, replacing placeholders with <paramref name="placeholders"/>.</summary>
    public static async Task<MigrationCatalog> LoadAsync(IEnumerable<IMigrationSource> sources, PlaceholderValues placeholders, CancellationToken cancellationToken = default)
    {
        var (files, code) = await ReadAsync(sources, cancellationToken);
        return Build(files, placeholders, code);
    }

    /// <summary>Every source's files and C# migrations, read once: what <see cref="Build"/> turns into a catalog.</summary>
    internal static async Task<(List<SourceFile> Files, List<CodeMigration> Code)> ReadAsync(IEnumerable<IMigrationSource> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var files = new List<SourceFile>();
        var code = new List<CodeMigration>();
        foreach (var source in sources)
        {
            files.AddRange(await source.ListAsync(cancellationToken));
            if (source is CodeMigrationSource classes)
            {
                code.AddRange(classes.Migrations);
            }
        }

        return (files, code);
    }

    /// <summary>
    /// Builds the catalog from files already read. Placeholders are replaced in up and down scripts
    /// (<see cref="MigrationScript.Sql"/>, <see cref="MigrationScript.DownSql"/>) while checksums stay
    /// those of the text as written, so a new value never reads as an edited migration.
    /// </summary>
    public static MigrationCatalog Build(IEnumerable<SourceFile> files, PlaceholderValues? placeholders = null, IEnumerable<CodeMigration>? code = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        placeholders ??= PlaceholderValues.None;
        var problems = new List<ValidationProblem>();
        var ups = new Dictionary<MigrationVersion, MigrationScript>(files.TryGetNonEnumeratedCount(out var count) ? count : 0);
        var downs = new Dictionary<MigrationVersion, SourceFile>();
        var repeatables = new Dictionary<string, MigrationScript>(StringComparer.Ordinal);
        var baselines = new Dictionary<MigrationVersion, MigrationScript>();

        foreach (var file in files)
        {
            var name = ScriptName.TryParse(file.Name);
            if (name is null)
            {
                problems.Add(ValidationProblem.Error("unparseable-name", file.Location,
                    $"cannot tell what '{file.Name}' is; name it {ScriptName.AcceptedForms}"));
                continue;
            }

            switch (name.Role)
            {
                case ScriptRole.Down:
                    AddDown(downs, name.Version!, file, problems);
                    break;
                case ScriptRole.UpAndDown:
                    var (up, down) = DbmateSections.Split(file.Content);
                    if (up is null)
                    {
                        problems.Add(ValidationProblem.Error("unparseable-name", file.Location,
                            "a '{version}_{name}.sql' file must hold a '-- migrate:up' section (dbmate format), or be named .up.sql/.down.sql"));
                        break;
                    }

                    AddUp(ups, Create(file with { Content = up }, name, MigrationKind.Versioned, placeholders, problems), problems);
                    if (down is not null)
                    {
                        AddDown(downs, name.Version!, file with { Content = down }, problems);
                    }

                    break;
                case ScriptRole.Repeatable:
                    var repeatable = Create(file, name, MigrationKind.Repeatable, placeholders, problems);
                    if (!repeatables.TryAdd(repeatable.Name, repeatable))
                    {
                        problems.Add(ValidationProblem.Error("duplicate-repeatable", file.Location,
                            $"repeatable '{repeatable.Name}' is also in {repeatables[repeatable.Name].Location}; keep one"));
                    }

                    break;
                case ScriptRole.Baseline:
                    var baseline = Create(file, name, MigrationKind.Baseline, placeholders, problems);
                    if (!baselines.TryAdd(name.Version!, baseline))
                    {
                        problems.Add(ValidationProblem.Error("duplicate-version", file.Location,
                            $"baseline version {name.Version} is also in {baselines[name.Version!].Location}; keep one"));
                    }

                    break;
                default:
                    AddUp(ups, Create(file, name, MigrationKind.Versioned, placeholders, problems), problems);
                    break;
            }
        }

        // C# migrations share the versions of the SQL files: a clash is a duplicate like any other, and a
        // U{version} SQL file may undo a C# migration.
        foreach (var migration in code ?? [])
        {
            if (MigrationVersion.TryParse(migration.Info.Version) is { } version)
            {
                AddUp(ups, migration.ToScript(version), problems);
            }
            else
            {
                problems.Add(ValidationProblem.Error("unparseable-name", migration.Location,
                    $"[Migration(\"{migration.Info.Version}\", ...)] is not a version; use dotted numbers or a timestamp, e.g. \"5\" or \"1.2\""));
            }
        }

        foreach (var (version, down) in downs)
        {
            if (ups.TryGetValue(version, out var up))
            {
                if (IsBlank(down.Content))
                {
                    problems.Add(ValidationProblem.Warning("empty-down", down.Location,
                        "the down script is empty: rolling back this migration only removes its history row"));
                }

                // The down file's own directives decide its placeholders; its other directive problems are
                // reported where the down script is analysed.
                var downMode = DirectiveParser.Parse(down.Content, down.Location, new List<ValidationProblem>()).Placeholders;
                var downSql = PlaceholderSubstitution.Apply(down.Content, down.Location, downMode, placeholders, problems);
                ups[version] = up with { DownSql = downSql, DownName = down.Name, DownLocation = down.Location };
            }
            else
            {
                problems.Add(ValidationProblem.Warning("orphan-down", down.Location,
                    $"down script for version {version} has no up migration; it is ignored"));
            }
        }

        // Versions and repeatable names are unique keys, so an unstable sort is enough; a folder is
        // usually in version order already, which the check finds without sorting.
        var versioned = new List<MigrationScript>(ups.Values);
        if (!IsSorted(versioned, static (a, b) => a.Version!.CompareTo(b.Version)))
        {
            versioned.Sort(static (a, b) => a.Version!.CompareTo(b.Version));
        }

        var repeatableList = new List<MigrationScript>(repeatables.Values);
        repeatableList.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var baselineList = new List<MigrationScript>(baselines.Values);
        baselineList.Sort(static (a, b) => a.Version!.CompareTo(b.Version));
        return new MigrationCatalog(versioned, repeatableList, baselineList, problems);
    }

    internal static bool IsSorted<T>(List<T> items, Comparison<T> comparison)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (comparison(items[i - 1], items[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the text holds nothing but whitespace and <c>--</c> comments.</summary>
    internal static bool IsBlank(string sql)
    {
        // Walks the lines in place: splitting every file into line strings was most of the garbage a
        // no-op run with thousands of migrations produced.
        var rest = Checksum.Normalize(sql).AsSpan();
        while (true)
        {
            var end = rest.IndexOf('\n');
            var line = (end < 0 ? rest : rest[..end]).Trim();
            if (line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal))
            {
                return false;
            }

            if (end < 0)
            {
                return true;
            }

            rest = rest[(end + 1)..];
        }
    }

    private static MigrationScript Create(SourceFile file, ScriptName name, MigrationKind kind, PlaceholderValues placeholders, List<ValidationProblem> problems)
    {
        if (IsBlank(file.Content))
        {
            problems.Add(ValidationProblem.Error("empty-migration", file.Location,
                "the migration is empty (only whitespace or comments); add its SQL or delete the file"));
        }

        var directives = DirectiveParser.Parse(file.Content, file.Location, problems);
        return new MigrationScript(Discovery.Checksum.ComputeValue(file.Content))
        {
            Version = name.Version,
            Description = name.Description,
            Kind = kind,
            Name = file.Name,
            Location = file.Location,
            Sql = PlaceholderSubstitution.Apply(file.Content, file.Location, directives.Placeholders, placeholders, problems),
            RawSql = file.Content,
            Directives = directives,
        };
    }

    private static void AddUp(Dictionary<MigrationVersion, MigrationScript> ups, MigrationScript script, List<ValidationProblem> problems)
    {
        if (!ups.TryAdd(script.Version!, script))
        {
            problems.Add(ValidationProblem.Error("duplicate-version", script.Location,
                $"version {script.Version} is also used by {ups[script.Version!].Location}; give one of them a new version"));
        }
    }

    private static void AddDown(Dictionary<MigrationVersion, SourceFile> downs, MigrationVersion version, SourceFile file, List<ValidationProblem> problems)
    {
        if (!downs.TryAdd(version, file))
        {
            problems.Add(ValidationProblem.Error("duplicate-version", file.Location,
                $"down script for version {version} is also in {downs[version].Location}; keep one"));
        }
    }
}
