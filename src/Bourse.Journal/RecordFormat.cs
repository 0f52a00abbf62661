using System.Buffers.Binary;
using System.IO.Hashing;

namespace Bourse.Journal;

/// <summary>
/// The frame of one log record, 16 bytes of header then the payload.
/// <para>
/// Format 2 (written): CRC-32 (uint32 LE) over everything after it — the rest of the header and the payload —, then
/// length-and-marks (uint32 LE: payload length in the low 30 bits, <see cref="StartOfBatchMark"/> on the first and
/// <see cref="EndOfBatchMark"/> on the last record of the batch one append wrote), sequence (int64 LE), payload. The
/// checksum covers the marks, so a flipped mark is damage like any other.
/// </para>
/// <para>
/// Format 1 (read only): payload length (int32 LE), CRC-32 (uint32 LE) over sequence and payload, sequence (int64 LE),
/// payload. It has no batch boundaries: every record counts as a batch of its own.
/// </para>
/// </summary>
internal static class RecordFormat
{
    public const int HeaderSize = 16;
    public const int SequenceOffset = 8;

    /// <summary>Bounds the length field, so a damaged length is recognised as such rather than read as a huge record.</summary>
    public const int MaxPayloadLength = 16 * 1024 * 1024;

    /// <summary>Bit of the format-2 length field: the record ends the batch that one append wrote.</summary>
    public const uint EndOfBatchMark = 0x8000_0000;

    /// <summary>Bit of the format-2 length field: the record starts the batch that one append wrote.</summary>
    public const uint StartOfBatchMark = 0x4000_0000;

    private const uint Marks = EndOfBatchMark | StartOfBatchMark;
    private const int LengthOffset = 4;
    private const int Version1ChecksumOffset = 4;

    /// <summary>Fills in the (format 2) header of a record whose payload is already in place after it.</summary>
    public static void WriteHeader(Span<byte> record, int payloadLength, long sequence, bool startsBatch, bool endsBatch)
    {
        var field = (uint)payloadLength | (startsBatch ? StartOfBatchMark : 0) | (endsBatch ? EndOfBatchMark : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(record[LengthOffset..], field);
        BinaryPrimitives.WriteInt64LittleEndian(record[SequenceOffset..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(record, Checksum(record[..(HeaderSize + payloadLength)]));
    }

    /// <summary>Sets or clears the end-of-batch mark of a framed (format 2) record and recomputes its checksum.</summary>
    public static void SetEndOfBatch(Span<byte> record, bool endsBatch)
    {
        var payloadLength = ReadPayloadLength(record, SegmentHeader.FormatVersion, out var startsBatch, out _);
        WriteHeader(record, payloadLength, ReadSequence(record), startsBatch, endsBatch);
    }

    /// <summary>
    /// The payload length a header of segment format <paramref name="version"/> gives (out of range when damaged) and
    /// whether the record starts and ends a batch (format 1: always both).
    /// </summary>
    public static int ReadPayloadLength(ReadOnlySpan<byte> header, uint version, out bool startsBatch, out bool endsBatch)
    {
        if (version == SegmentHeader.Version1)
        {
            startsBatch = true;
            endsBatch = true;
            return BinaryPrimitives.ReadInt32LittleEndian(header);
        }

        var field = BinaryPrimitives.ReadUInt32LittleEndian(header[LengthOffset..]);
        startsBatch = (field & StartOfBatchMark) != 0;
        endsBatch = (field & EndOfBatchMark) != 0;
        return (int)(field & ~Marks);
    }

    public static long ReadSequence(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[SequenceOffset..]);

    /// <summary>Whether the checksum of <paramref name="record"/>, exactly one whole record, matches its content.</summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> record, uint version) => version == SegmentHeader.Version1
        ? BinaryPrimitives.ReadUInt32LittleEndian(record[Version1ChecksumOffset..]) == Crc32.HashToUInt32(record[SequenceOffset..])
        : BinaryPrimitives.ReadUInt32LittleEndian(record) == Checksum(record);

    private static uint Checksum(ReadOnlySpan<byte> record) => Crc32.HashToUInt32(record[LengthOffset..]);
}
