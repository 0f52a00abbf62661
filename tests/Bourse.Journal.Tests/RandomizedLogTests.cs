namespace Bourse.Journal.Tests;

/// <summary>
/// Random batches, payload sizes, segment sizes, reopen points, reads and simulated crashes mid-write (a prefix of the
/// batch written, or its pages persisted out of order), checked against an in-memory list of every record. A batch
/// cut by a crash is dropped whole. The seed makes a failure reproducible.
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
                    var tornBytes = SimulateTornBatch(dir.Path, batch, model, random);
                    log = TestLog.Open(dir.Path, segmentBytes);
                    Assert.Equal(tornBytes, log.Recovery.TruncatedBytes);
                    Assert.Equal(model.Count, log.LastSequence);
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
            var length = BitConverter.ToInt32(framed[(offset + 4)..]) & 0x3FFF_FFFF;
            model.Add(framed.Slice(offset + 16, length).ToArray());
            offset += 16 + length;
        }
    }

    /// <summary>
    /// Writes a next batch to the last segment as a crash mid-write would leave it: a random strict prefix, or the
    /// whole batch with a random range of it never written (zeros), maybe cut short too. Returns the bytes recovery
    /// must cut: none if the batch happens to be whole (then it is kept), else all of it.
    /// </summary>
    private static long SimulateTornBatch(string directory, LogBatch batch, List<byte[]> model, Random random)
    {
        FillBatch(batch, model.Count + 1, random);
        var written = batch.Framed.ToArray();
        if (random.Next(2) == 0)
        {
            written = written[..random.Next(0, written.Length)];
        }
        else
        {
            var start = random.Next(0, written.Length);
            var end = random.Next(start + 1, written.Length + 1);
            Array.Clear(written, start, end - start);
            if (random.Next(3) == 0) written = written[..random.Next(end, written.Length + 1)];
        }

        FileBytes.Append(TestLog.Segments(directory)[^1], written);
        if (written.AsSpan().SequenceEqual(batch.Framed))
        {
            AddToModel(model, batch);
            return 0;
        }

        return written.Length;
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
