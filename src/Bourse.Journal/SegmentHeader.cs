using System.Buffers.Binary;

namespace Bourse.Journal;

/// <summary>
/// The 16 bytes that open every segment: magic "BRSJ", format version (uint32 LE), first sequence (int64 LE).
/// They let recovery tell a segment from a foreign or misnamed file.
/// </summary>
internal static class SegmentHeader
{
    public const int Size = 16;
    public const uint FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "BRSJ"u8;

    public static void Write(Span<byte> destination, long firstSequence)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], firstSequence);
    }

    /// <summary>Null when the header is a valid one for a segment starting at <paramref name="firstSequence"/>, else why not.</summary>
    public static string? Problem(ReadOnlySpan<byte> header, long firstSequence)
    {
        if (header.Length < Size) return $"segment header is {header.Length} bytes, {Size} expected";
        if (!header[..4].SequenceEqual(Magic)) return "not a Bourse journal segment (bad magic)";
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (version != FormatVersion) return $"unsupported segment format version {version}";
        var headerSequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (headerSequence != firstSequence) return $"segment header says it starts at {headerSequence}, its name says {firstSequence}";
        return null;
    }
}
