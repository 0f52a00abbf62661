namespace Bourse.Journal.Tests;

public class AllocationTests
{
    private const int Batches = 200;
    private const int RecordsPerBatch = 100;

    [Fact]
    public void Steady_state_append_and_read_allocate_nothing_per_record()
    {
        using var dir = new TempDirectory();
        using var log = TestLog.Open(dir.Path, segmentBytes: 64L * 1024 * 1024);
        var batch = new LogBatch();
        AppendBatches(log, batch, 5);

        var before = GC.GetAllocatedBytesForCurrentThread();
        AppendBatches(log, batch, Batches);
        var appendAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        using var cursor = log.ReadFrom(1);
        before = GC.GetAllocatedBytesForCurrentThread();
        var records = 0L;
        var checksum = 0L;
        while (cursor.MoveNext())
        {
            records++;
            checksum += cursor.Payload.Length;
        }

        var readAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((Batches + 5) * RecordsPerBatch, records);
        Assert.Equal((Batches + 5) * RecordsPerBatch * 64L, checksum);
        // Less than a byte per record: a per-record allocation would cost dozens. A one-off kilobyte from the runtime
        // (tiering a method up mid-loop) is not the code's and must not fail the test.
        Assert.True(appendAllocated < Batches * RecordsPerBatch, $"appending {Batches * RecordsPerBatch} records allocated {appendAllocated} bytes");
        Assert.True(readAllocated < records, $"reading {records} records allocated {readAllocated} bytes");
    }

    private static void AppendBatches(ICommandLog log, LogBatch batch, int batches)
    {
        for (var b = 0; b < batches; b++)
        {
            batch.Reset(log.LastSequence + 1);
            for (var i = 0; i < RecordsPerBatch; i++)
            {
                var payload = batch.BeginRecord(64);
                payload.Fill((byte)i);
                batch.EndRecord(64);
            }

            log.AppendAsync(batch).GetAwaiter().GetResult();
        }
    }
}
