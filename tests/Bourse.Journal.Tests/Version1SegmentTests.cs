namespace Bourse.Journal.Tests;

/// <summary>Segments of the first format, which has no batch marks, still open and read; each of their records counts as a batch.</summary>
public class Version1SegmentTests
{
    [Fact]
    public async Task Version_1_segments_open_and_read_and_new_batches_go_to_a_current_segment()
    {
        using var dir = new TempDirectory();
        TestLog.WriteVersion1Segment(dir.Path, 1, 30);
        var second = TestLog.WriteVersion1Segment(dir.Path, 31, 45);
        var secondBytes = File.ReadAllBytes(second);

        using (var log = TestLog.Open(dir.Path))
        {
            Assert.True(log.Recovery.EndedCleanly, log.Recovery.ToString());
            Assert.Equal(45, log.Recovery.Records);
            Assert.Equal(45, log.LastSequence);
            TestLog.AssertHolds(log, 1, 45);
            TestLog.AssertHolds(log, 40, 45);

            await TestLog.AppendAsync(log, 10, batchSize: 4);
            TestLog.AssertHolds(log, 1, 55);
        }

        var segments = TestLog.Segments(dir.Path);
        Assert.Equal(3, segments.Length);
        Assert.Equal(secondBytes, File.ReadAllBytes(second));
        Assert.Equal($"{46:D20}.log", Path.GetFileName(segments[^1]));
        Assert.Equal(2u, TestLog.SegmentVersion(segments[^1]));

        using var reopened = TestLog.Open(dir.Path);
        Assert.True(reopened.Recovery.EndedCleanly, reopened.Recovery.ToString());
        TestLog.AssertHolds(reopened, 1, 55);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-1)]
    public async Task Damaged_last_record_of_a_version_1_segment_is_cut_back_to_the_record_before(int bytesWritten)
    {
        using var dir = new TempDirectory();
        var segment = TestLog.WriteVersion1Segment(dir.Path, 1, 45);
        var last = TestLog.Records(segment)[^1];
        if (bytesWritten >= 0) FileBytes.Truncate(segment, last.Offset + bytesWritten);
        else FileBytes.Flip(segment, last.Offset + 12);

        using (var log = TestLog.Open(dir.Path))
        {
            Assert.Equal(44, log.LastSequence);
            Assert.Equal(last.Offset, log.Recovery.TruncatedAtOffset);
            Assert.Equal(0, log.Recovery.DiscardedRecords);
            Assert.Equal(last.Offset, FileBytes.Length(segment));
            await TestLog.AppendAsync(log, 3);
        }

        using var reopened = TestLog.Open(dir.Path);
        Assert.True(reopened.Recovery.EndedCleanly, reopened.Recovery.ToString());
        TestLog.AssertHolds(reopened, 1, 47);
    }

    [Fact]
    public void Damaged_record_of_a_version_1_segment_followed_by_a_valid_one_is_corruption()
    {
        using var dir = new TempDirectory();
        var segment = TestLog.WriteVersion1Segment(dir.Path, 1, 45);
        var victim = TestLog.Records(segment)[^3];
        FileBytes.Flip(segment, victim.Offset + 17);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path));

        Assert.Equal(victim.Offset, error.Offset);
        Assert.Contains("sequence 44", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_version_1_last_segment_is_restarted_in_the_current_format()
    {
        using var dir = new TempDirectory();
        TestLog.WriteVersion1Segment(dir.Path, 1, 30);
        var empty = TestLog.WriteVersion1Segment(dir.Path, 31, 30);

        using (var log = TestLog.Open(dir.Path))
        {
            Assert.True(log.Recovery.EndedCleanly, log.Recovery.ToString());
            Assert.Equal(2u, TestLog.SegmentVersion(empty));
            await TestLog.AppendAsync(log, 5);
        }

        Assert.Equal(2, TestLog.Segments(dir.Path).Length);
        Assert.Equal([31L, 32L, 33L, 34L, 35L], TestLog.Records(empty).Select(r => r.Sequence));
        using var reopened = TestLog.Open(dir.Path);
        TestLog.AssertHolds(reopened, 1, 35);
    }
}
