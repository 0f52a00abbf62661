using System.Buffers.Binary;
using System.IO.Hashing;

namespace Bourse.Journal;

/// <summary>
/// The frame of one log record: payload length (int32 LE), CRC-32 (uint32 LE) over sequence and payload,
/// sequence (int64 LE), then the payload. Sequence and payload are adjacent so one checksum call covers both.
/// </summary>
internal static class RecordFormat
{
    public const int HeaderSize = 16;
    public const int ChecksumOffset = 4;
    public const int SequenceOffset = 8;

    /// <summary>Bounds the length field, so a damaged length is recognised as such rather than read as a huge record.</summary>
    public const int MaxPayloadLength = 16 * 1024 * 1024;

    /// <summary>Fills in the header of a record whose payload is already in place after it.</summary>
    public static void WriteHeader(Span<byte> record, int payloadLength, long sequence)
    {
        BinaryPrimitives.WriteInt32LittleEndian(record, payloadLength);
        BinaryPrimitives.WriteInt64LittleEndian(record[SequenceOffset..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(record[ChecksumOffset..], Checksum(record, payloadLength));
    }

    public static int ReadPayloadLength(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record);

    public static long ReadSequence(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[SequenceOffset..]);

    public static bool ChecksumMatches(ReadOnlySpan<byte> record, int payloadLength) =>
        BinaryPrimitives.ReadUInt32LittleEndian(record[ChecksumOffset..]) == Checksum(record, payloadLength);

    private static uint Checksum(ReadOnlySpan<byte> record, int payloadLength) =>
        Crc32.HashToUInt32(record.Slice(SequenceOffset, sizeof(long) + payloadLength));
}
