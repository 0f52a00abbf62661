namespace Bourse.Journal.Tests;

public class CorruptionDetectionTests
{
    private const long SegmentBytes = 1024;

    // The log ends with the batch 298..300: records[-4] ends the batch before it, records[-5] is in its middle.
    [Theory]
    [InlineData(-4, 0)]
    [InlineData(-4, 4)]
    [InlineData(-4, 9)]
    [InlineData(-4, 20)]
    [InlineData(-5, 7)]
    [InlineData(-5, 16)]
    [InlineData(0, 3)]
    [InlineData(0, 17)]
    public async Task Flipped_byte_in_an_earlier_batch_of_the_last_segment_is_corruption(int recordIndex, int offsetInRecord)
    {
        using var dir = new TempDirectory();
        var segments = await WriteLogAsync(dir.Path, 300);
        var records = TestLog.Records(segments[^1]);
        Assert.True(records.Count >= 6);
        Assert.Equal(298, records[^3].Sequence);
        var victim = records[recordIndex < 0 ? records.Count + recordIndex : recordIndex];
        FileBytes.Flip(segments[^1], victim.Offset + (offsetInRecord % victim.Length));

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));

        Assert.Equal(segments[^1], error.FilePath);
        Assert.Equal(victim.Offset, error.Offset);
        Assert.Contains("follows", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(-1, 16)]
    [InlineData(-1, 5)]
    public async Task Flipped_byte_in_a_segment_that_is_not_the_last_is_corruption(int recordIndex, int offsetInRecord)
    {
        using var dir = new TempDirectory();
        var segments = await WriteLogAsync(dir.Path, 300);
        var records = TestLog.Records(segments[1]);
        var victim = records[recordIndex < 0 ? records.Count + recordIndex : recordIndex];
        FileBytes.Flip(segments[1], victim.Offset + (offsetInRecord % victim.Length));

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));

        Assert.Equal(segments[1], error.FilePath);
        Assert.Equal(victim.Offset, error.Offset);
    }

    [Fact]
    public async Task Torn_end_of_a_segment_that_is_not_the_last_is_corruption()
    {
        using var dir = new TempDirectory();
        var segments = await WriteLogAsync(dir.Path, 300);
        var last = TestLog.Records(segments[0])[^1];
        FileBytes.Truncate(segments[0], last.Offset + 5);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));
        Assert.Equal(segments[0], error.FilePath);
    }

    [Fact]
    public async Task Damaged_segment_header_is_corruption()
    {
        using var dir = new TempDirectory();
        var segments = await WriteLogAsync(dir.Path, 300);
        FileBytes.Flip(segments[2], 1);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));
        Assert.Equal(segments[2], error.FilePath);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public async Task Foreign_file_named_like_the_last_segment_is_refused()
    {
        using var dir = new TempDirectory();
        await WriteLogAsync(dir.Path, 300);
        var foreign = new byte[64];
        new Random(3).NextBytes(foreign);
        File.WriteAllBytes(Path.Combine(dir.Path, $"{301:D20}.log"), foreign);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));
        Assert.Contains("magic", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_segment_is_corruption()
    {
        using var dir = new TempDirectory();
        var segments = await WriteLogAsync(dir.Path, 300);
        File.Delete(segments[2]);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));
        Assert.Equal(segments[3], error.FilePath);
    }

    [Fact]
    public async Task Well_formed_record_with_an_unexpected_sequence_is_corruption()
    {
        using var dir = new TempDirectory();
        var segments = await WriteLogAsync(dir.Path, 300);
        var last = TestLog.Records(segments[^1])[^1];
        TestLog.RewriteHeader(segments[^1], last, last.Sequence + 1, last.StartsBatch, last.EndsBatch);
        Assert.Equal(last.Sequence + 1, TestLog.Records(segments[^1])[^1].Sequence);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));
        Assert.Equal(last.Offset, error.Offset);
    }

    [Theory]
    [InlineData(-2, true, false)]
    [InlineData(-2, false, true)]
    [InlineData(-3, false, false)]
    [InlineData(-4, false, false)]
    public async Task Well_formed_record_with_wrong_batch_marks_is_corruption(int recordIndex, bool startsBatch, bool endsBatch)
    {
        using var dir = new TempDirectory();
        var segments = await WriteLogAsync(dir.Path, 300);
        var records = TestLog.Records(segments[^1]);
        var victim = records[records.Count + recordIndex];
        Assert.False(victim.StartsBatch == startsBatch && victim.EndsBatch == endsBatch);
        TestLog.RewriteHeader(segments[^1], victim, victim.Sequence, startsBatch, endsBatch);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));
        Assert.Equal(segments[^1], error.FilePath);
        Assert.Contains("batch marks", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_that_ends_inside_a_batch_is_corruption()
    {
        using var dir = new TempDirectory();
        var segments = await WriteLogAsync(dir.Path, 300);
        var last = TestLog.Records(segments[1])[^1];
        Assert.True(last.EndsBatch);
        TestLog.RewriteHeader(segments[1], last, last.Sequence, last.StartsBatch, endsBatch: false);

        var error = Assert.Throws<CorruptLogException>(() => TestLog.Open(dir.Path, SegmentBytes));
        Assert.Equal(segments[1], error.FilePath);
        Assert.Contains("not the last", error.Reason, StringComparison.Ordinal);
    }

    private static async Task<string[]> WriteLogAsync(string directory, int records)
    {
        using (var log = TestLog.Open(directory, SegmentBytes))
            await TestLog.AppendAsync(log, records, batchSize: 3);
        var segments = TestLog.Segments(directory);
        Assert.True(segments.Length >= 4);
        return segments;
    }
}
