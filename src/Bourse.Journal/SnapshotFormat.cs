using System.Buffers.Binary;
using System.IO.Hashing;

namespace Bourse.Journal;

/// <summary>
/// Snapshot file layout: a 32-byte header — magic "BRSS", format version (uint32 LE), sequence (int64 LE), state
/// length (int64 LE), CRC-32 (uint32 LE) over the first 24 header bytes and the state, 4 reserved zero bytes — then the state.
/// </summary>
internal static class SnapshotFormat
{
    public const int HeaderSize = 32;
    public const uint FormatVersion = 1;

    private const int ChecksummedHeaderLength = 24;
    private const int ChecksumOffset = 24;

    private static ReadOnlySpan<byte> Magic => "BRSS"u8;

    public static void WriteHeader(Span<byte> header, long sequence, ReadOnlySpan<byte> state)
    {
        header[..HeaderSize].Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], state.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[ChecksumOffset..], Checksum(header, state));
    }

    /// <summary>Checks everything but the checksum; null when the header fits a snapshot of <paramref name="sequence"/> in a file of <paramref name="fileLength"/> bytes.</summary>
    public static string? HeaderProblem(ReadOnlySpan<byte> header, long sequence, long fileLength)
    {
        if (!header[..4].SequenceEqual(Magic)) return "not a Bourse snapshot (bad magic)";
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (version != FormatVersion) return $"unsupported snapshot format version {version}";
        var headerSequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (headerSequence != sequence) return $"header says sequence {headerSequence}, the file name says {sequence}";
        var stateLength = StateLength(header);
        if (stateLength != fileLength - HeaderSize) return $"header says {stateLength} bytes of state, the file holds {fileLength - HeaderSize}";
        return null;
    }

    public static long StateLength(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt64LittleEndian(header[16..]);

    public static bool ChecksumMatches(ReadOnlySpan<byte> header, ReadOnlySpan<byte> state) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header[ChecksumOffset..]) == Checksum(header, state);

    private static uint Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> state)
    {
        var crc = new Crc32();
        crc.Append(header[..ChecksummedHeaderLength]);
        crc.Append(state);
        return crc.GetCurrentHashAsUInt32();
    }
}
