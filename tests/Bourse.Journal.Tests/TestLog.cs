using System.Buffers.Binary;

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

    /// <summary>Walks the frames of an intact segment: each record's offset, sequence and total length.</summary>
    public static List<(long Offset, long Sequence, int Length)> Records(string segmentPath)
    {
        var bytes = File.ReadAllBytes(segmentPath);
        var records = new List<(long, long, int)>();
        var offset = 16;
        while (offset + 16 <= bytes.Length)
        {
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 8));
            records.Add((offset, sequence, 16 + payloadLength));
            offset += 16 + payloadLength;
        }

        return records;
    }
}
