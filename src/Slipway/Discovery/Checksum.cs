using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Slipway.Discovery;

/// <summary>
/// Script checksums. The algorithm is versioned and its number is stored beside each checksum in
/// history, so a later Slipway that changes normalisation still verifies old rows with the algorithm
/// that wrote them and never reports an applied migration as modified after an upgrade.
/// </summary>
internal static class Checksum
{
    /// <summary>The algorithm new history rows are written with.</summary>
    public const int CurrentAlgorithm = 1;

    /// <summary>
    /// Computes the checksum of a script's text with the given algorithm. Algorithm 1: SHA-256 (lowercase
    /// hex) of the UTF-8 text with a leading BOM removed and CRLF/CR turned into LF, so a checkout on
    /// Windows and one on Linux agree.
    /// </summary>
    public static string Compute(string text, int algorithm = CurrentAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (algorithm != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm; this Slipway knows algorithm 1. Upgrade Slipway to read this history.");
        }

        return ComputeValue(text).ToString();
    }

    /// <summary>The checksum of <paramref name="text"/> with the current algorithm, as its bytes.</summary>
    public static ChecksumValue ComputeValue(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = Normalize(text);
        // Encoded into a rented buffer: one exact-size array per script was most of what hashing
        // thousands of scripts allocated.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(normalized.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(normalized, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return new ChecksumValue(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The checksum of <paramref name="script"/> with <paramref name="algorithm"/>: the one the catalog
    /// already computed when it is the current algorithm, so verifying history hashes each file once.
    /// Always over the text as written, never with placeholders replaced.
    /// </summary>
    public static string Of(MigrationScript script, int algorithm) =>
        algorithm == CurrentAlgorithm ? script.Checksum : Compute(script.RawSql ?? script.Sql, algorithm);

    /// <summary>True when this Slipway can verify checksums written with <paramref name="algorithm"/>.</summary>
    public static bool IsKnown(int algorithm) => algorithm == 1;

    internal static string Normalize(string text)
    {
        var withoutBom = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        // Most files have no CR at all: one scan for it instead of two replacements, each a scan.
        return withoutBom.Contains('\r', StringComparison.Ordinal)
            ? withoutBom.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : withoutBom;
    }
}
