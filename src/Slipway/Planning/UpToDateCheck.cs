using System.Buffers;
using System.Text;
using Slipway.Discovery;
using Slipway.History;

namespace Slipway.Planning;

/// <summary>
/// Tells, from the history rows as the driver reads them, whether every migration of a catalog is applied,
/// without a string or an object per row: what every pod of a rollout asks, over histories of thousands
/// of rows. It answers yes only where the <see cref="Planner"/> is certain to find nothing pending and no
/// problem in the history: every row a successful versioned migration whose version is a file's and whose
/// checksum (algorithm 1) is that file's, and every file applied. Anything else (a repeatable or baseline
/// script, a failed, rolled-back or repaired row, a version written another way, a catalog with an error)
/// is for the planner to judge, with the history read as usual.
/// </summary>
internal sealed class UpToDateCheck
{
    // Longest version text compared without making a string (a timestamp has 14 digits).
    private const int MaxVersionLength = 64;

    private readonly IReadOnlyList<MigrationScript> _scripts;
    private readonly bool[] _applied;
    private int _appliedCount;
    private int _visited;
    private int _next;
    private bool _undecided;
    private Dictionary<string, int>? _byVersion;

    private UpToDateCheck(IReadOnlyList<MigrationScript> scripts)
    {
        _scripts = scripts;
        _applied = new bool[scripts.Count];
    }

    /// <summary>True when every row visited was an applied file and every file was among them.</summary>
    public bool UpToDate => !_undecided && _appliedCount == _scripts.Count;

    /// <summary>True when the history had no row at all (or no table yet).</summary>
    public bool Empty => _visited == 0;

    /// <summary>A check for <paramref name="catalog"/>; null when only the planner can judge it.</summary>
    public static UpToDateCheck? For(MigrationCatalog catalog) =>
        catalog.Repeatable.Count == 0 && catalog.Baselines.Count == 0 && !catalog.Problems.Any(p => p.Severity == ProblemSeverity.Error)
            ? new UpToDateCheck(catalog.Versioned)
            : null;

    /// <summary>Checks one row; false, and no more rows needed, as soon as one is not a plainly applied file.</summary>
    public bool Visit(IHistoryRow row)
    {
        _visited++;
        if (AppliedScript(row) is not { } index)
        {
            _undecided = true;
            return false;
        }

        if (!_applied[index])
        {
            _applied[index] = true;
            _appliedCount++;
        }

        return true;
    }

    // The index of the file this row applied, or null when the row is anything else.
    private int? AppliedScript(IHistoryRow row)
    {
        if (row.GetKind(HistoryCodec.KindOrdinal) != MigrationKind.Versioned
            || !row.GetBoolean(HistoryCodec.SuccessOrdinal)
            || row.IsNull(HistoryCodec.VersionOrdinal)
            || row.IsNull(HistoryCodec.ChecksumOrdinal)
            || row.GetInt32(HistoryCodec.ChecksumAlgorithmOrdinal) != Checksum.CurrentAlgorithm
            || IndexOf(row) is not { } index
            || _scripts[index].ChecksumBytes is not { } expected
            || HistoryCodec.ChecksumBytes(row) is not { } read
            || !read.Equals(expected))
        {
            return null;
        }

        return index;
    }

    // Rows usually come in the files' order, so the next file is tried first.
    private int? IndexOf(IHistoryRow row)
    {
        Span<char> buffer = stackalloc char[MaxVersionLength];
        scoped ReadOnlySpan<char> version;
        if (row.TryGetUtf8(HistoryCodec.VersionOrdinal, out var utf8) && utf8.Length <= buffer.Length)
        {
            if (Ascii.ToUtf16(utf8, buffer, out var length) != OperationStatus.Done)
            {
                return null; // every file's version is digits and dots
            }

            version = buffer[..length];
        }
        else
        {
            version = row.GetText(HistoryCodec.VersionOrdinal);
        }

        if (_next < _scripts.Count && version.SequenceEqual(_scripts[_next].Version!.Text))
        {
            return _next++;
        }

        _byVersion ??= _scripts.Select((script, index) => (script.Version!.Text, index)).ToDictionary(p => p.Text, p => p.index, StringComparer.Ordinal);
        return _byVersion.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(version, out var found) ? found : null;
    }
}
