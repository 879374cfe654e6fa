using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Slipway.Discovery;

/// <summary>
/// A checksum of algorithm 1 (SHA-256 as 64 lowercase hex digits) held as its 32 bytes. The catalog and
/// the history each keep one per migration, and as strings they were a fifth of what a no-op run over
/// thousands of migrations held; the text is made only when a checksum is shown or written.
/// </summary>
internal readonly struct ChecksumValue : IEquatable<ChecksumValue>
{
    /// <summary>The length of the text form.</summary>
    public const int HexLength = SHA256.HashSizeInBytes * 2;

    private readonly ulong _first;
    private readonly ulong _second;
    private readonly ulong _third;
    private readonly ulong _fourth;

    /// <summary>The checksum with these 32 bytes.</summary>
    public ChecksumValue(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A checksum has {SHA256.HashSizeInBytes} bytes.", nameof(hash));
        }

        _first = BinaryPrimitives.ReadUInt64BigEndian(hash);
        _second = BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
        _third = BinaryPrimitives.ReadUInt64BigEndian(hash[16..]);
        _fourth = BinaryPrimitives.ReadUInt64BigEndian(hash[24..]);
    }

    /// <summary>
    /// Reads the text form. Only exactly 64 lowercase hex digits parse, so that <see cref="ToString"/> gives
    /// back the very text read: anything else (another algorithm's checksum, upper case) stays text.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ChecksumValue value)
    {
        value = default;
        if (text.Length != HexLength)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        for (var i = 0; i < hash.Length; i++)
        {
            var (high, low) = (Digit(text[2 * i]), Digit(text[(2 * i) + 1]));
            if ((high | low) < 0)
            {
                return false;
            }

            hash[i] = (byte)((high << 4) | low);
        }

        value = new ChecksumValue(hash);
        return true;
    }

    /// <summary>Reads the text form from its UTF-8 bytes, with the rules of <see cref="TryParse(ReadOnlySpan{char}, out ChecksumValue)"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out ChecksumValue value)
    {
        value = default;
        if (utf8.Length != HexLength)
        {
            return false;
        }

        Span<char> text = stackalloc char[HexLength];
        return Ascii.ToUtf16(utf8, text, out _) == OperationStatus.Done && TryParse(text, out value);
    }

    /// <summary>The text form: 64 lowercase hex digits.</summary>
    public override string ToString()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        BinaryPrimitives.WriteUInt64BigEndian(hash, _first);
        BinaryPrimitives.WriteUInt64BigEndian(hash[8..], _second);
        BinaryPrimitives.WriteUInt64BigEndian(hash[16..], _third);
        BinaryPrimitives.WriteUInt64BigEndian(hash[24..], _fourth);
        return Convert.ToHexStringLower(hash);
    }

    /// <inheritdoc />
    public bool Equals(ChecksumValue other) =>
        _first == other._first && _second == other._second && _third == other._third && _fourth == other._fourth;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChecksumValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_first, _second, _third, _fourth);

    private static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
