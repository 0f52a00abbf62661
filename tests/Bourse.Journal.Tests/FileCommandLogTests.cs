namespace Bourse.Journal.Tests;

public class FileCommandLogTests
{
    [Fact]
    public void New_log_is_empty_and_has_its_first_segment()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Sub("log"));

        Assert.Equal(0, log.LastSequence);
        Assert.Equal(1, log.FirstSequence);
        Assert.True(log.Recovery.EndedCleanly);
        Assert.Equal(0, log.Recovery.Records);
        Assert.Empty(TestLog.ReadAll(log));
        Assert.Equal(["00000000000000000001.log"], TestLog.Segments(dir.Sub("log")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Batches_round_trip_across_segments_and_reopen()
    {
        using var dir = new TempDirectory();
        using (var log = TestLog.Open(dir.Path, segmentBytes: 2048))
        {
            await TestLog.AppendAsync(log, 1000, batchSize: 13);
            Assert.Equal(1000, log.LastSequence);
            TestLog.AssertHolds(log, 1, 1000);
        }

        var segments = TestLog.Segments(dir.Path);
        Assert.True(segments.Length > 10, $"expected many segments, got {segments.Length}");
        foreach (var segment in segments) Assert.True(FileBytes.Length(segment) <= 2048 + (13 * 74));

        using (var log = TestLog.Open(dir.Path, segmentBytes: 2048))
        {
            Assert.True(log.Recovery.EndedCleanly, log.Recovery.ToString());
            Assert.Equal(1000, log.Recovery.Records);
            Assert.Equal(segments.Length, log.Recovery.Segments);
            Assert.Equal(1000, log.LastSequence);

            TestLog.AssertHolds(log, 1, 1000);
            TestLog.AssertHolds(log, 437, 1000);
            TestLog.AssertHolds(log, 1000, 1000);
            Assert.Empty(TestLog.ReadAll(log, 1001));
            Assert.Empty(TestLog.ReadAll(log, 5000));

            await TestLog.AppendAsync(log, 250, batchSize: 7);
            TestLog.AssertHolds(log, 1, 1250);
        }

        using (var log = TestLog.Open(dir.Path, segmentBytes: 2048))
        {
            Assert.Equal(1250, log.LastSequence);
            TestLog.AssertHolds(log, 999, 1250);
        }
    }

    [Fact]
    public async Task Segments_are_named_after_their_first_sequence()
    {
        using var dir = new TempDirectory();
        using (var log = TestLog.Open(dir.Path, segmentBytes: 1024))
            await TestLog.AppendAsync(log, 300, batchSize: 5);

        foreach (var segment in TestLog.Segments(dir.Path))
        {
            var first = TestLog.Records(segment)[0].Sequence;
            Assert.Equal($"{first:D20}.log", Path.GetFileName(segment));
            Assert.Equal(0, (first - 1) % 5);
        }
    }

    [Theory]
    [InlineData(20, 20)]
    [InlineData(20, 22)]
    [InlineData(20, 1)]
    [InlineData(0, 2)]
    public async Task Append_with_wrong_first_sequence_throws_and_writes_nothing(int existing, long firstSequence)
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path);
        await TestLog.AppendAsync(log, existing);
        var segment = TestLog.Segments(dir.Path)[^1];
        var lengthBefore = FileBytes.Length(segment);
        var lastBefore = log.LastSequence;

        var batch = new LogBatch();
        batch.Reset(firstSequence);
        batch.Add("stray"u8);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await log.AppendAsync(batch));

        Assert.Equal(lastBefore, log.LastSequence);
        Assert.Equal(lengthBefore, FileBytes.Length(segment));
        await TestLog.AppendAsync(log, 5);
        TestLog.AssertHolds(log, 1, lastBefore + 5);
    }

    [Fact]
    public async Task Empty_batch_appends_nothing()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path);
        var batch = new LogBatch();
        batch.Reset(1);

        await log.AppendAsync(batch);

        Assert.Equal(0, log.LastSequence);
        Assert.Equal(16, FileBytes.Length(TestLog.Segments(dir.Path)[0]));
    }

    [Fact]
    public async Task Cancelled_append_writes_nothing()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path);
        var batch = new LogBatch();
        batch.Reset(1);
        batch.Add("x"u8);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await log.AppendAsync(batch, new CancellationToken(canceled: true)));

        Assert.Equal(0, log.LastSequence);
    }

    [Fact]
    public async Task Fsync_on_every_batch_round_trips()
    {
        using var dir = new TempDirectory();
        using (var log = TestLog.Open(dir.Path, segmentBytes: 4096, fsync: FsyncPolicy.EveryBatch))
            await TestLog.AppendAsync(log, 200, batchSize: 20);

        using var reopened = TestLog.Open(dir.Path, segmentBytes: 4096, fsync: FsyncPolicy.EveryBatch);
        TestLog.AssertHolds(reopened, 1, 200);
    }

    [Fact]
    public async Task Record_larger_than_the_read_buffer_round_trips()
    {
        using var dir = new TempDirectory();
        var huge = TestLog.Payload(2, 3 * 1024 * 1024);
        using (var log = TestLog.Open(dir.Path))
        {
            var batch = new LogBatch(1024);
            batch.Reset(1);
            batch.Add(TestLog.Payload(1, 100));
            batch.Add(huge);
            batch.Add(TestLog.Payload(3, 100));
            await log.AppendAsync(batch);
        }

        using var reopened = TestLog.Open(dir.Path);
        var records = TestLog.ReadAll(reopened);
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Sequence));
        Assert.Equal(huge, records[1].Payload);
        Assert.Equal(TestLog.Payload(3, 100), records[2].Payload);
    }

    [Fact]
    public async Task Cursor_reads_only_what_was_durable_when_it_was_made()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path, segmentBytes: 1024);
        await TestLog.AppendAsync(log, 30);

        using var cursor = log.ReadFrom(25);
        await TestLog.AppendAsync(log, 100);

        var seen = new List<long>();
        while (cursor.MoveNext()) seen.Add(cursor.Sequence);
        Assert.Equal([25L, 26L, 27L, 28L, 29L, 30L], seen);
        TestLog.AssertHolds(log, 1, 130);
    }

    [Fact]
    public async Task Cursor_detects_a_record_damaged_after_open()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path, segmentBytes: 1024);
        await TestLog.AppendAsync(log, 200);
        var first = TestLog.Segments(dir.Path)[0];
        var victim = TestLog.Records(first)[3];
        FileBytes.Flip(first, victim.Offset + 16);

        using var cursor = log.ReadFrom(1);
        var error = Assert.Throws<CorruptLogException>(() =>
        {
            while (cursor.MoveNext())
            {
            }
        });
        Assert.Equal(first, error.FilePath);
        Assert.Equal(victim.Offset, error.Offset);
    }

    [Fact]
    public void Reading_before_the_first_sequence_is_refused()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadFrom(0));
    }

    [Fact]
    public void Second_open_of_the_same_directory_is_refused()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path);
        Assert.Throws<IOException>(() => TestLog.Open(dir.Path));
    }

    [Fact]
    public async Task Disposed_log_refuses_appends()
    {
        using var dir = new TempDirectory();
        var log = TestLog.Open(dir.Path);
        log.Dispose();
        var batch = new LogBatch();
        batch.Reset(1);
        batch.Add("x"u8);

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(batch));
    }

    [Fact]
    public void Options_are_validated()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => TestLog.Open(dir.Path, segmentBytes: 10));
        Assert.Throws<ArgumentException>(() => FileCommandLog.Open(new FileCommandLogOptions { Directory = " " }));
    }
}
