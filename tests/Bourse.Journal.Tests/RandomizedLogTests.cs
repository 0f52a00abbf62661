namespace Bourse.Journal.Tests;

/// <summary>
/// Random batches, payload sizes, segment sizes, reopen points, reads and simulated crashes mid-write, checked
/// against an in-memory list of every record. The seed makes a failure reproducible.
/// </summary>
public class RandomizedLogTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Random_appends_reopens_crashes_and_reads_match_a_model(int seed)
    {
        var random = new Random(seed);
        long[] segmentSizes = [256, 2048, 64 * 1024];
        var segmentBytes = segmentSizes[random.Next(segmentSizes.Length)];
        using var dir = new TempDirectory();
        var model = new List<byte[]>();
        var batch = new LogBatch(random.Next(16, 4096));
        var log = TestLog.Open(dir.Path, segmentBytes);
        try
        {
            for (var step = 0; step < 600; step++)
            {
                var action = random.Next(100);
                if (action < 70)
                {
                    FillBatch(batch, model.Count + 1, random);
                    await log.AppendAsync(batch);
                    AddToModel(model, batch);
                    Assert.Equal(model.Count, log.LastSequence);
                }
                else if (action < 80)
                {
                    log.Dispose();
                    log = TestLog.Open(dir.Path, segmentBytes);
                    Assert.True(log.Recovery.EndedCleanly, log.Recovery.ToString());
                    Assert.Equal(model.Count, log.Recovery.Records);
                    Assert.Equal(model.Count, log.LastSequence);
                }
                else if (action < 86)
                {
                    log.Dispose();
                    var kept = SimulateTornBatch(dir.Path, batch, model, random, out var tornBytes);
                    log = TestLog.Open(dir.Path, segmentBytes);
                    Assert.Equal(tornBytes, log.Recovery.TruncatedBytes);
                    Assert.Equal(model.Count, log.LastSequence);
                    Assert.True(kept >= 0);
                }
                else
                {
                    var from = random.Next(1, model.Count + 2);
                    AssertReads(log, model, from, random.Next(1, 200));
                }
            }

            AssertReads(log, model, 1, int.MaxValue);
        }
        finally
        {
            log.Dispose();
        }

        using var reopened = TestLog.Open(dir.Path, segmentBytes);
        Assert.Equal(model.Count, reopened.LastSequence);
        AssertReads(reopened, model, 1, int.MaxValue);
    }

    private static void FillBatch(LogBatch batch, long firstSequence, Random random)
    {
        batch.Reset(firstSequence);
        var count = random.Next(1, 40);
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(10) == 0 ? random.Next(0, 5000) : random.Next(0, 130);
            var payload = batch.BeginRecord(length + random.Next(0, 20));
            random.NextBytes(payload[..length]);
            batch.EndRecord(length);
        }
    }

    private static void AddToModel(List<byte[]> model, LogBatch batch, int records = int.MaxValue)
    {
        var framed = batch.Framed;
        var offset = 0;
        for (var i = 0; i < Math.Min(records, batch.Count); i++)
        {
            var length = BitConverter.ToInt32(framed[offset..]);
            model.Add(framed.Slice(offset + 16, length).ToArray());
            offset += 16 + length;
        }
    }

    /// <summary>Writes a random strict prefix of a next batch to the last segment, as a crash mid-write would leave it.</summary>
    private static int SimulateTornBatch(string directory, LogBatch batch, List<byte[]> model, Random random, out long tornBytes)
    {
        FillBatch(batch, model.Count + 1, random);
        var written = random.Next(0, batch.Length);
        FileBytes.Append(TestLog.Segments(directory)[^1], batch.Framed[..written]);

        var whole = 0;
        var wholeBytes = 0;
        var framed = batch.Framed;
        while (whole < batch.Count)
        {
            var recordLength = 16 + BitConverter.ToInt32(framed[wholeBytes..]);
            if (wholeBytes + recordLength > written) break;
            wholeBytes += recordLength;
            whole++;
        }

        AddToModel(model, batch, whole);
        tornBytes = written - wholeBytes;
        return whole;
    }

    private static void AssertReads(ICommandLog log, List<byte[]> model, long from, int maxRecords)
    {
        using var cursor = log.ReadFrom(from);
        var expected = from;
        while (expected - from < maxRecords && cursor.MoveNext())
        {
            Assert.Equal(expected, cursor.Sequence);
            Assert.True(cursor.Payload.SequenceEqual(model[(int)expected - 1]), $"payload of {expected}");
            expected++;
        }

        if (maxRecords == int.MaxValue) Assert.Equal(model.Count + 1, expected);
    }
}
