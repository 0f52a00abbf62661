namespace Bourse.Journal.Tests;

public class TornTailRecoveryTests
{
    // 105 records in batches of 4 over several 1 KiB segments: the last batch is the last record alone, with a 39-byte
    // payload (55 bytes framed).
    private const int RecordCount = 105;
    private const long SegmentBytes = 1024;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(54)]
    public async Task Torn_last_record_is_truncated_and_appending_continues(int bytesOfLastRecordWritten)
    {
        using var dir = new TempDirectory();
        var (segment, last) = await WriteLogAsync(dir.Path);
        Assert.Equal(55, last.Length);
        FileBytes.Truncate(segment, last.Offset + bytesOfLastRecordWritten);

        using (var log = TestLog.Open(dir.Path, SegmentBytes))
        {
            Assert.Equal(RecordCount - 1, log.LastSequence);
            Assert.False(log.Recovery.EndedCleanly);
            Assert.Equal(bytesOfLastRecordWritten, log.Recovery.TruncatedBytes);
            Assert.Equal(segment, log.Recovery.TruncatedFile);
            Assert.Equal(last.Offset, log.Recovery.TruncatedAtOffset);
            Assert.Equal(last.Offset, FileBytes.Length(segment));

            await TestLog.AppendAsync(log, 20, batchSize: 3);
            TestLog.AssertHolds(log, 1, RecordCount + 19);
        }

        using var reopened = TestLog.Open(dir.Path, SegmentBytes);
        Assert.True(reopened.Recovery.EndedCleanly, reopened.Recovery.ToString());
        TestLog.AssertHolds(reopened, 1, RecordCount + 19);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(54)]
    public async Task Flipped_byte_in_the_last_record_is_truncated_like_a_torn_tail(int offsetInRecord)
    {
        using var dir = new TempDirectory();
        var (segment, last) = await WriteLogAsync(dir.Path);
        FileBytes.Flip(segment, last.Offset + offsetInRecord);

        using var log = TestLog.Open(dir.Path, SegmentBytes);

        Assert.Equal(RecordCount - 1, log.LastSequence);
        Assert.Equal(last.Length, log.Recovery.TruncatedBytes);
        await TestLog.AppendAsync(log, 3);
        TestLog.AssertHolds(log, 1, RecordCount + 2);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 4096)]
    [InlineData(0, (1 << 20) + 5)]
    [InlineData(1, 1)]
    [InlineData(1, 100)]
    [InlineData(1, 5000)]
    public async Task Garbage_after_the_last_record_is_cut_as_a_torn_tail(int randomBytes, int length)
    {
        using var dir = new TempDirectory();
        var (segment, last) = await WriteLogAsync(dir.Path);
        var garbage = new byte[length];
        if (randomBytes == 1) new Random(length).NextBytes(garbage);
        FileBytes.Append(segment, garbage);

        using var log = TestLog.Open(dir.Path, SegmentBytes);

        Assert.Equal(RecordCount, log.LastSequence);
        Assert.Equal(length, log.Recovery.TruncatedBytes);
        Assert.Equal(last.Offset + last.Length, FileBytes.Length(segment));
        await TestLog.AppendAsync(log, 3);
        TestLog.AssertHolds(log, 1, RecordCount + 3);
    }

    [Fact]
    public async Task Whole_records_of_a_partly_written_batch_are_dropped_with_it()
    {
        using var dir = new TempDirectory();
        var (segment, last) = await WriteLogAsync(dir.Path);
        var batch = new LogBatch();
        batch.Reset(RecordCount + 1);
        for (var sequence = RecordCount + 1; sequence <= RecordCount + 5; sequence++) batch.Add(TestLog.Payload(sequence));
        var firstTwo = (2 * 16) + TestLog.PayloadLength(RecordCount + 1) + TestLog.PayloadLength(RecordCount + 2);
        FileBytes.Append(segment, batch.Framed[..(firstTwo + 10)]);

        using var log = TestLog.Open(dir.Path, SegmentBytes);

        // The batch was never acknowledged, and a batch is all or nothing: its two whole records go too.
        Assert.Equal(RecordCount, log.LastSequence);
        Assert.Equal(firstTwo + 10, log.Recovery.TruncatedBytes);
        Assert.Equal(2, log.Recovery.DiscardedRecords);
        Assert.Equal(last.Offset + last.Length, log.Recovery.TruncatedAtOffset);
        Assert.Equal(last.Offset + last.Length, FileBytes.Length(segment));
        TestLog.AssertHolds(log, 1, RecordCount);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(7, false)]
    [InlineData(16, true)]
    [InlineData(4096, true)]
    public async Task Trailing_segment_that_was_never_written_is_restarted(int length, bool zeros)
    {
        using var dir = new TempDirectory();
        await WriteLogAsync(dir.Path);
        var next = Path.Combine(dir.Path, $"{RecordCount + 1:D20}.log");
        var content = new byte[length];
        if (!zeros) "BRSJ\u0001\u0000\u0000"u8[..Math.Min(7, length)].CopyTo(content);
        File.WriteAllBytes(next, content);

        using (var log = TestLog.Open(dir.Path, SegmentBytes))
        {
            Assert.Equal(RecordCount, log.LastSequence);
            Assert.Equal(length, log.Recovery.TruncatedBytes);
            Assert.Equal(16, FileBytes.Length(next));
            await TestLog.AppendAsync(log, 2);
        }

        Assert.Equal(RecordCount + 1, TestLog.Records(next)[0].Sequence);
        using var reopened = TestLog.Open(dir.Path, SegmentBytes);
        Assert.True(reopened.Recovery.EndedCleanly, reopened.Recovery.ToString());
        TestLog.AssertHolds(reopened, 1, RecordCount + 2);
    }

    [Fact]
    public async Task Trailing_segment_holding_only_its_header_is_a_clean_end()
    {
        using var dir = new TempDirectory();
        using (var log = TestLog.Open(dir.Path, segmentBytes: 64))
            await TestLog.AppendAsync(log, 1);

        // A crash right after a roll: the new segment exists with its header and nothing else.
        using (var log = TestLog.Open(dir.Path, segmentBytes: 64))
            await TestLog.AppendAsync(log, 1);
        var segments = TestLog.Segments(dir.Path);
        FileBytes.Truncate(segments[^1], 16);

        using var reopened = TestLog.Open(dir.Path, segmentBytes: 64);
        Assert.True(reopened.Recovery.EndedCleanly, reopened.Recovery.ToString());
        Assert.Equal(1, reopened.LastSequence);
        await TestLog.AppendAsync(reopened, 4);
        TestLog.AssertHolds(reopened, 1, 5);
    }

    private static async Task<(string Segment, FramedRecord Last)> WriteLogAsync(string directory)
    {
        using (var log = TestLog.Open(directory, SegmentBytes))
            await TestLog.AppendAsync(log, RecordCount, batchSize: 4);

        var segments = TestLog.Segments(directory);
        Assert.True(segments.Length >= 3);
        var last = TestLog.Records(segments[^1])[^1];
        Assert.Equal(RecordCount, last.Sequence);
        Assert.True(last.StartsBatch && last.EndsBatch);
        return (segments[^1], last);
    }
}
