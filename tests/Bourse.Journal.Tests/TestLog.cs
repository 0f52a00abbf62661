using System.Buffers.Binary;
using System.IO.Hashing;

namespace Bourse.Journal.Tests;

/// <summary>Opens logs and writes and checks records whose payload is a pure function of their sequence.</summary>
internal static class TestLog
{
    public static FileCommandLog Open(string directory, long segmentBytes = 1 << 20, FsyncPolicy fsync = FsyncPolicy.Never) =>
        FileCommandLog.Open(new FileCommandLogOptions { Directory = directory, SegmentBytes = segmentBytes, Fsync = fsync });

    /// <summary>Payload lengths vary with the sequence (0..57 bytes), so records are not all aligned alike.</summary>
    public static int PayloadLength(long sequence) => (int)((sequence * 7) % 58);

    public static byte[] Payload(long sequence, int length)
    {
        var payload = new byte[length];
        FillPayload(payload, sequence);
        return payload;
    }

    public static byte[] Payload(long sequence) => Payload(sequence, PayloadLength(sequence));

    public static void FillPayload(Span<byte> payload, long sequence)
    {
        for (var i = 0; i < payload.Length; i++) payload[i] = (byte)((sequence * 31) + (i * 7) + 1);
    }

    /// <summary>Appends <paramref name="records"/> records in batches of <paramref name="batchSize"/>, continuing the log.</summary>
    public static async Task AppendAsync(ICommandLog log, int records, int batchSize = 10)
    {
        var batch = new LogBatch(4096);
        while (records > 0)
        {
            batch.Reset(log.LastSequence + 1);
            for (var i = 0; i < batchSize && records > 0; i++, records--)
            {
                var sequence = batch.NextSequence;
                var length = PayloadLength(sequence);
                FillPayload(batch.BeginRecord(length), sequence);
                batch.EndRecord(length);
            }

            await log.AppendAsync(batch);
        }
    }

    public static List<(long Sequence, byte[] Payload)> ReadAll(ICommandLog log, long fromSequence = 1)
    {
        var records = new List<(long, byte[])>();
        using var cursor = log.ReadFrom(fromSequence);
        while (cursor.MoveNext()) records.Add((cursor.Sequence, cursor.Payload.ToArray()));
        return records;
    }

    /// <summary>Asserts the log holds exactly the records from..to, each with its expected payload.</summary>
    public static void AssertHolds(ICommandLog log, long from, long to)
    {
        var records = ReadAll(log, from);
        Assert.Equal(to - from + 1, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var sequence = from + i;
            Assert.Equal(sequence, records[i].Sequence);
            Assert.Equal(Payload(sequence), records[i].Payload);
        }
    }

    public static string[] Segments(string directory)
    {
        var segments = Directory.GetFiles(directory, "*.log");
        Array.Sort(segments, StringComparer.Ordinal);
        return segments;
    }

    /// <summary>Walks the frames of an intact segment (format 1 or 2): each record's offset, sequence, total length and batch marks.</summary>
    public static List<FramedRecord> Records(string segmentPath)
    {
        var bytes = File.ReadAllBytes(segmentPath);
        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        var records = new List<FramedRecord>();
        var offset = 16;
        while (offset + 16 <= bytes.Length)
        {
            var payloadLength = RecordFormat.ReadPayloadLength(bytes.AsSpan(offset), version, out var startsBatch, out var endsBatch);
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 8));
            records.Add(new FramedRecord(offset, sequence, 16 + payloadLength, startsBatch, endsBatch));
            offset += 16 + payloadLength;
        }

        return records;
    }

    /// <summary>Rewrites the header of a format-2 record with a valid checksum: a well-formed record that says something else.</summary>
    public static void RewriteHeader(string segmentPath, FramedRecord record, long sequence, bool startsBatch, bool endsBatch)
    {
        var bytes = File.ReadAllBytes(segmentPath);
        RecordFormat.WriteHeader(bytes.AsSpan((int)record.Offset, record.Length), record.Length - 16, sequence, startsBatch, endsBatch);
        File.WriteAllBytes(segmentPath, bytes);
    }

    /// <summary>
    /// Writes a segment in the first format (no batch marks; length, CRC-32 over sequence and payload, sequence,
    /// payload) holding <paramref name="firstSequence"/>..<paramref name="lastSequence"/>; returns its path.
    /// </summary>
    public static string WriteVersion1Segment(string directory, long firstSequence, long lastSequence)
    {
        using var content = new MemoryStream();
        Span<byte> header = stackalloc byte[16];
        "BRSJ"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 1);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], firstSequence);
        content.Write(header);
        for (var sequence = firstSequence; sequence <= lastSequence; sequence++)
        {
            var payload = Payload(sequence);
            var record = new byte[16 + payload.Length];
            BinaryPrimitives.WriteInt32LittleEndian(record, payload.Length);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(8), sequence);
            payload.CopyTo(record.AsSpan(16));
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(record.AsSpan(8)));
            content.Write(record);
        }

        var path = Path.Combine(directory, $"{firstSequence:D20}.log");
        File.WriteAllBytes(path, content.ToArray());
        return path;
    }

    public static uint SegmentVersion(string segmentPath) =>
        BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(segmentPath).AsSpan(4));
}

/// <summary>One record as it lies in a segment file.</summary>
internal readonly record struct FramedRecord(long Offset, long Sequence, int Length, bool StartsBatch, bool EndsBatch);
