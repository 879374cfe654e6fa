using System.Diagnostics.CodeAnalysis;

namespace Slipway.Discovery;

/// <summary>A migration as found on disk: its up SQL, its optional down SQL and its directives.</summary>
public sealed record MigrationScript
{
    // The checksum as bytes, or as given when it is not algorithm 1's text (see ChecksumValue).
    private readonly ChecksumValue _checksum;
    private readonly string? _checksumText;

    /// <summary>A script whose members are all given by an object initializer.</summary>
    public MigrationScript()
    {
    }

    /// <summary>A script with a checksum already computed as bytes; the initializer gives the other members.</summary>
#pragma warning disable CS8618 // Checksum has no field of its own: _checksum, set here, is what it reads.
    [SetsRequiredMembers]
    internal MigrationScript(ChecksumValue checksum)
    {
        _checksum = checksum;
        Description = Name = Location = Sql = string.Empty;
    }
#pragma warning restore CS8618

    /// <summary>The version; null for repeatable migrations.</summary>
    public MigrationVersion? Version { get; init; }

    /// <summary>The description from the file name.</summary>
    public required string Description { get; init; }

    /// <summary><see cref="MigrationKind.Versioned"/>, <see cref="MigrationKind.Repeatable"/> or <see cref="MigrationKind.Baseline"/> (a <c>B{version}__{description}.sql</c> script).</summary>
    public required MigrationKind Kind { get; init; }

    /// <summary>The up script's file name, e.g. <c>V3__add_index.sql</c>; the key of repeatables in history.</summary>
    public required string Name { get; init; }

    /// <summary>Where the up script came from, for messages.</summary>
    public required string Location { get; init; }

    /// <summary>The SQL to apply, with its <c>${name}</c> placeholders replaced.</summary>
    public required string Sql { get; init; }

    /// <summary>The up script as written, before placeholders are replaced; null when it was made in code.</summary>
    internal string? RawSql { get; init; }

    /// <summary>
    /// Checksum of the script as written (before placeholders are replaced) with
    /// <see cref="Discovery.Checksum.CurrentAlgorithm"/>, so changing a placeholder's value never changes it.
    /// </summary>
    public required string Checksum
    {
        get => _checksumText ?? _checksum.ToString();
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (ChecksumValue.TryParse(value, out var parsed))
            {
                _checksum = parsed;
                _checksumText = null;
            }
            else
            {
                _checksum = default; // a copy made with `with` must not keep the original's bytes
                _checksumText = value;
            }
        }
    }

    /// <summary>The checksum as bytes; null when it was given as text of another form.</summary>
    internal ChecksumValue? ChecksumBytes => _checksumText is null ? _checksum : null;

    /// <summary>The directives of the up script.</summary>
    public MigrationDirectives Directives { get; init; } = MigrationDirectives.Default;

    /// <summary>The down script's SQL with placeholders replaced, or null when there is none. Empty when the down file is empty.</summary>
    public string? DownSql { get; init; }

    /// <summary>The down script's file name, or null.</summary>
    public string? DownName { get; init; }

    /// <summary>Where the down script came from, for messages; null when there is none.</summary>
    public string? DownLocation { get; init; }

    /// <summary>The C# migration this entry runs instead of SQL; null for a script.</summary>
    internal Code.CodeMigration? Code { get; init; }

    /// <summary>True when the migration can be rolled back: it has a down script, or it is a reversible C# migration.</summary>
    internal bool HasDown => DownSql is not null || Code is { Reversible: true };

    /// <summary>The script's phase (a shortcut to <see cref="MigrationDirectives.Phase"/>).</summary>
    public MigrationPhase Phase => Directives.Phase;

    /// <inheritdoc />
    public override string ToString() => Name;
}
