using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Slipway.Diagnostics;

namespace Slipway.Fleets;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>: the targets whose stable hash (SHA-256 of the
/// display name) falls in it. A target's shard depends on its own name and the count only, so adding a
/// tenant moves no other tenant to another shard, and every process computes the same split.
/// </summary>
public sealed record FleetShard
{
    /// <summary>Creates shard <paramref name="index"/> (from 0) of <paramref name="count"/>.</summary>
    public FleetShard(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture, $"The shard {index}/{count} does not exist; use I/N with 0 <= I < N, e.g. 0/4"));
        }

        Index = index;
        Count = count;
    }

    /// <summary>The shard's number, from 0.</summary>
    public int Index { get; }

    /// <summary>How many shards the fleet is split into.</summary>
    public int Count { get; }

    /// <summary>Parses <c>I/N</c>, e.g. <c>2/8</c>; throws <see cref="ConfigurationException"/> naming the text otherwise.</summary>
    public static FleetShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return new FleetShard(index, count);
        }

        throw new ConfigurationException($"The shard '{text}' is not of the form I/N; use e.g. 0/4 (shard 0 of 4)");
    }

    /// <summary>The shard a target with this display name belongs to, of <paramref name="count"/>.</summary>
    public static int Of(string displayName, int count)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(displayName), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>True when <paramref name="target"/> belongs to this shard.</summary>
    public bool Contains(FleetTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Of(target.DisplayName, Count) == Index;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
