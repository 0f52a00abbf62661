using System.Buffers.Binary;

namespace Bourse.Journal;

/// <summary>
/// The 16 bytes that open every segment: magic "BRSJ", format version (uint32 LE), first sequence (int64 LE).
/// They let recovery tell a segment from a foreign or misnamed file, and say how its records are framed
/// (see <see cref="RecordFormat"/>). New segments are written in <see cref="FormatVersion"/>; version-1 segments,
/// which carry no batch boundaries, are still read.
/// </summary>
internal static class SegmentHeader
{
    public const int Size = 16;

    /// <summary>Records carry an end-of-batch mark, covered by their checksum.</summary>
    public const uint FormatVersion = 2;

    /// <summary>The first format: no batch boundaries, so every record counts as a batch of its own.</summary>
    public const uint Version1 = 1;

    private static ReadOnlySpan<byte> Magic => "BRSJ"u8;

    public static void Write(Span<byte> destination, long firstSequence)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], firstSequence);
    }

    /// <summary>
    /// Null when the header is a valid one for a segment starting at <paramref name="firstSequence"/>, else why not;
    /// <paramref name="version"/> is the format version it names (when null is returned).
    /// </summary>
    public static string? Problem(ReadOnlySpan<byte> header, long firstSequence, out uint version)
    {
        version = 0;
        if (header.Length < Size) return $"segment header is {header.Length} bytes, {Size} expected";
        if (!header[..4].SequenceEqual(Magic)) return "not a Bourse journal segment (bad magic)";
        var headerVersion = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (headerVersion is not (Version1 or FormatVersion)) return $"unsupported segment format version {headerVersion}";
        var headerSequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (headerSequence != firstSequence) return $"segment header says it starts at {headerSequence}, its name says {firstSequence}";
        version = headerVersion;
        return null;
    }
}
