namespace Bourse.Journal.Tests;

/// <summary>
/// A power loss during the final batch's write may persist its pages in any order: a damaged record may be followed
/// by intact records of the same batch. That batch was never acknowledged, so recovery drops it whole; damage in a
/// batch that a later batch follows is corruption.
/// </summary>
public class UnfinishedBatchRecoveryTests
{
    // Ten batches of five (1..50), then the final batch 51..56, all in one segment.
    private const int CompleteRecords = 50;
    private const int FinalBatchSize = 6;
    private const int LastRecord = CompleteRecords + FinalBatchSize;

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 1)]
    [InlineData(4, 1)]
    [InlineData(7, 0x80)]
    [InlineData(9, 1)]
    [InlineData(16, 1)]
    public async Task Final_batch_with_a_damaged_first_record_and_intact_later_records_is_cut_back_to_the_previous_batch(
        int offsetInRecord, int mask)
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        Damage(segment, finalBatch[0], offsetInRecord, mask);
        var length = FileBytes.Length(segment);

        using (var log = TestLog.Open(dir.Path))
        {
            AssertCutBeforeFinalBatch(log, segment, finalBatch, length, discardedRecords: 0);
            await TestLog.AppendAsync(log, 10, batchSize: 3);
            TestLog.AssertHolds(log, 1, CompleteRecords + 10);
        }

        using var reopened = TestLog.Open(dir.Path);
        Assert.True(reopened.Recovery.EndedCleanly, reopened.Recovery.ToString());
        TestLog.AssertHolds(reopened, 1, CompleteRecords + 10);
    }

    [Theory]
    [InlineData(1, -1, 0)]
    [InlineData(2, 3, 1)]
    [InlineData(2, 20, 1)]
    [InlineData(4, -1, 0)]
    [InlineData(4, 7, 0x40)]
    public async Task Final_batch_with_a_damaged_middle_record_is_dropped_whole(int victimIndex, int offsetInRecord, int mask)
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        Damage(segment, finalBatch[victimIndex], offsetInRecord, mask);
        var length = FileBytes.Length(segment);

        using var log = TestLog.Open(dir.Path);

        AssertCutBeforeFinalBatch(log, segment, finalBatch, length, discardedRecords: victimIndex);
        TestLog.AssertHolds(log, 1, CompleteRecords);
    }

    [Fact]
    public async Task Final_batch_with_only_its_end_record_intact_is_dropped_whole()
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        for (var i = 0; i < finalBatch.Count - 1; i++) Damage(segment, finalBatch[i], -1, 0);
        var length = FileBytes.Length(segment);

        using var log = TestLog.Open(dir.Path);

        AssertCutBeforeFinalBatch(log, segment, finalBatch, length, discardedRecords: 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(20)]
    public async Task Final_batch_whose_end_record_is_missing_or_torn_is_dropped_whole(int bytesOfEndRecordWritten)
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        var end = finalBatch[^1];
        Assert.True(end.EndsBatch && end.Length > 20);
        FileBytes.Truncate(segment, end.Offset + bytesOfEndRecordWritten);
        var length = FileBytes.Length(segment);

        using var log = TestLog.Open(dir.Path);

        AssertCutBeforeFinalBatch(log, segment, finalBatch, length, discardedRecords: FinalBatchSize - 1);
        Assert.Contains(
            bytesOfEndRecordWritten == 0 ? "not marked as the end of its batch" : "cut short", log.Recovery.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Final_batch_whose_end_record_never_reached_the_disk_is_dropped_whole()
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        Damage(segment, finalBatch[^1], -1, 0);
        var length = FileBytes.Length(segment);

        using var log = TestLog.Open(dir.Path);

        AssertCutBeforeFinalBatch(log, segment, finalBatch, length, discardedRecords: FinalBatchSize - 1);
    }

    [Fact]
    public async Task Flipped_end_of_batch_mark_is_detected()
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        var end = finalBatch[^1];

        // The mark is the high bit of the little-endian length field at bytes 4..7 of the record.
        FileBytes.Flip(segment, end.Offset + 7, 0x80);
        Assert.False(TestLog.Records(segment)[^1].EndsBatch);

        using var log = TestLog.Open(dir.Path);

        Assert.Equal("record checksum mismatch", log.Recovery.Reason);
        AssertCutBeforeFinalBatch(log, segment, finalBatch, end.Offset + end.Length, discardedRecords: FinalBatchSize - 1);
    }

    [Theory]
    [InlineData(3, 0x80)]
    [InlineData(0, 0x40)]
    public async Task Flipped_batch_mark_in_an_acknowledged_batch_is_detected_as_corruption(int victimIndex, int mask)
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        var victim = finalBatch[victimIndex];
        FileBytes.Flip(segment, victim.Offset + 7, (byte)mask);

        // The final batch had been written, so the batch before it was durable: marks in it cannot be torn.
        await AppendNextBatchAsync(dir.Path);
        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path));

        Assert.Equal(victim.Offset, error.Offset);
        Assert.Contains("checksum mismatch", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 9)]
    [InlineData(4, 0)]
    [InlineData(4, 7)]
    [InlineData(4, -1)]
    public async Task Damaged_record_in_a_batch_followed_by_a_complete_later_batch_is_corruption(int victimIndex, int offsetInRecord)
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        var lastComplete = TestLog.Records(segment).Where(r => r.Sequence > CompleteRecords - 5 && r.Sequence <= CompleteRecords).ToList();
        Assert.True(lastComplete[0].StartsBatch && lastComplete[^1].EndsBatch);
        var victim = lastComplete[victimIndex];
        Damage(segment, victim, offsetInRecord, 0x5A);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path));

        Assert.Equal(segment, error.FilePath);
        Assert.Equal(victim.Offset, error.Offset);
        Assert.Contains("later batch follows", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"sequence {finalBatch[0].Sequence}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Damaged_record_followed_by_only_part_of_a_later_batch_is_corruption()
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        var victim = finalBatch[2];
        FileBytes.Flip(segment, victim.Offset + 20);

        // A crash while the batch after it was being written: that batch is torn, but its start shows it was begun.
        var next = new LogBatch();
        next.Reset(LastRecord + 1);
        for (var sequence = LastRecord + 1; sequence <= LastRecord + 4; sequence++) next.Add(TestLog.Payload(sequence));
        FileBytes.Append(segment, next.Framed[..(16 + TestLog.PayloadLength(LastRecord + 1) + 5)]);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path));

        Assert.Equal(victim.Offset, error.Offset);
        Assert.Contains($"starts a batch, sequence {LastRecord + 1}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Damage_to_a_batch_and_to_the_start_of_the_next_is_still_corruption()
    {
        using var dir = new TempDirectory();
        var (segment, finalBatch) = await WriteLogAsync(dir.Path);
        var victim = TestLog.Records(segment).Single(r => r.Sequence == CompleteRecords - 2);
        FileBytes.Flip(segment, victim.Offset + 17);
        Damage(segment, finalBatch[0], -1, 0);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path));

        // The intact end of the damaged batch, then a record after it, prove a later batch was written.
        Assert.Equal(victim.Offset, error.Offset);
        Assert.Contains($"after the end of the batch with sequence {CompleteRecords}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cursor_never_reads_into_a_batch_that_is_not_finished()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path);
        await TestLog.AppendAsync(log, 20, batchSize: 5);
        var segment = TestLog.Segments(dir.Path)[0];
        var end = TestLog.Records(segment)[^1];
        TestLog.RewriteHeader(segment, end, end.Sequence, end.StartsBatch, endsBatch: false);

        using var cursor = log.ReadFrom(1);
        var seen = new List<long>();
        var error = Assert.Throws<CorruptLogException>(() =>
        {
            while (cursor.MoveNext()) seen.Add(cursor.Sequence);
        });

        Assert.Equal(end.Offset, error.Offset);
        Assert.Equal(Enumerable.Range(1, 19).Select(i => (long)i), seen);
    }

    private static void AssertCutBeforeFinalBatch(
        FileCommandLog log, string segment, List<FramedRecord> finalBatch, long lengthBefore, long discardedRecords)
    {
        var cut = finalBatch[0].Offset;
        Assert.False(log.Recovery.EndedCleanly);
        Assert.Equal(CompleteRecords, log.LastSequence);
        Assert.Equal(CompleteRecords, log.Recovery.Records);
        Assert.Equal(segment, log.Recovery.TruncatedFile);
        Assert.Equal(cut, log.Recovery.TruncatedAtOffset);
        Assert.Equal(lengthBefore - cut, log.Recovery.TruncatedBytes);
        Assert.Equal(discardedRecords, log.Recovery.DiscardedRecords);
        Assert.Equal(cut, FileBytes.Length(segment));
        TestLog.AssertHolds(log, 1, CompleteRecords);
    }

    /// <summary>XORs one byte of the record with <paramref name="mask"/>, or with offset -1 zeroes all of it, as a page that never reached the disk.</summary>
    private static void Damage(string segment, FramedRecord record, int offsetInRecord, int mask)
    {
        if (offsetInRecord >= 0)
        {
            FileBytes.Flip(segment, record.Offset + offsetInRecord, (byte)mask);
            return;
        }

        using var stream = new FileStream(segment, FileMode.Open, FileAccess.Write);
        stream.Position = record.Offset;
        stream.Write(new byte[record.Length]);
    }

    private static async Task AppendNextBatchAsync(string directory)
    {
        var segment = TestLog.Segments(directory)[^1];
        var batch = new LogBatch();
        batch.Reset(LastRecord + 1);
        for (var sequence = LastRecord + 1; sequence <= LastRecord + 3; sequence++) batch.Add(TestLog.Payload(sequence));
        await File.AppendAllBytesAsync(segment, batch.Framed.ToArray());
    }

    private static async Task<(string Segment, List<FramedRecord> FinalBatch)> WriteLogAsync(string directory)
    {
        using (var log = TestLog.Open(directory))
        {
            await TestLog.AppendAsync(log, CompleteRecords, batchSize: 5);
            await TestLog.AppendAsync(log, FinalBatchSize, batchSize: FinalBatchSize);
        }

        var segment = Assert.Single(TestLog.Segments(directory));
        var finalBatch = TestLog.Records(segment).Where(r => r.Sequence > CompleteRecords).ToList();
        Assert.Equal(FinalBatchSize, finalBatch.Count);
        Assert.True(finalBatch[0].StartsBatch && !finalBatch[0].EndsBatch);
        Assert.True(finalBatch[^1].EndsBatch && !finalBatch[^1].StartsBatch);
        Assert.All(finalBatch[1..^1], r => Assert.False(r.StartsBatch || r.EndsBatch));
        return (segment, finalBatch);
    }
}
