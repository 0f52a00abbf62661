namespace Bourse.Journal.Tests;

/// <summary>
/// The log on a real disk that fails — a tmpfs filled to the last byte, or a segment made immutable (as a disk gone
/// read-only): an append fails with
/// the cause, the log refuses further appends until repaired, a repair while the fault lasts fails, and once the fault
/// clears the same batch appends exactly once and survives a reopen.
/// </summary>
public class DiskFaultTests
{
    [Fact]
    public async Task On_a_full_disk_an_append_fails_and_after_space_returns_the_repaired_log_takes_the_same_batch_exactly_once()
    {
        using var disk = new ScratchDisk(megabytes: 1);
        var directory = disk.Sub("log");
        using (var log = TestLog.Open(directory, fsync: FsyncPolicy.EveryBatch))
        {
            await TestLog.AppendAsync(log, 100);
            disk.Fill();

            // Writes may still land in the last page the segment has; a batch larger than a page cannot.
            var batch = Batch(log.LastSequence + 1, 200);
            var failure = Assert.ThrowsAny<IOException>(() => log.Append(batch));
            Assert.Contains("space", failure.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Throws<InvalidOperationException>(() => log.Append(batch));
            Assert.Equal(100, log.LastSequence);

            log.Repair();
            Assert.ThrowsAny<IOException>(() => log.Append(batch));

            disk.Free();
            log.Repair();
            log.Append(batch);
            Assert.Equal(300, log.LastSequence);
        }

        using var reopened = TestLog.Open(directory);
        Assert.Equal(0, reopened.Recovery.TruncatedBytes);
        TestLog.AssertHolds(reopened, 1, 300);
    }

    [Fact]
    public async Task On_a_disk_that_refuses_writes_appends_and_repairs_fail_until_it_takes_them_again()
    {
        using var disk = new ScratchDisk(megabytes: 8, ext4: true);
        var directory = disk.Sub("log");
        using (var log = TestLog.Open(directory, fsync: FsyncPolicy.EveryBatch))
        {
            await TestLog.AppendAsync(log, 50);
            var segment = TestLog.Segments(directory).Single();
            ScratchDisk.Freeze(segment);
            var batch = Batch(51, 20);
            Assert.ThrowsAny<Exception>(() => log.Append(batch));
            Assert.ThrowsAny<Exception>(log.Repair);
            Assert.Equal(50, log.LastSequence);

            ScratchDisk.Thaw(segment);
            log.Repair();
            log.Append(batch);
        }

        using var reopened = TestLog.Open(directory);
        TestLog.AssertHolds(reopened, 1, 70);
    }

    [Fact]
    public async Task A_segment_roll_that_fails_on_a_full_disk_leaves_no_half_made_segment_once_repaired()
    {
        using var disk = new ScratchDisk(megabytes: 1);
        var directory = disk.Sub("log");
        using (var log = TestLog.Open(directory, segmentBytes: 4096, fsync: FsyncPolicy.EveryBatch))
        {
            await TestLog.AppendAsync(log, 60);
            var segments = TestLog.Segments(directory).Length;
            disk.Fill();

            // Bigger than what is left of the segment: the append must start a new one, which cannot be written.
            var batch = Batch(61, 120);
            Assert.ThrowsAny<IOException>(() => log.Append(batch));
            disk.Free();
            log.Repair();
            Assert.Equal(segments, TestLog.Segments(directory).Length);
            log.Append(batch);
        }

        using var reopened = TestLog.Open(directory, segmentBytes: 4096);
        TestLog.AssertHolds(reopened, 1, 180);
    }

    [Fact]
    public void A_snapshot_that_does_not_fit_on_the_disk_fails_and_leaves_no_temporary_file_taking_space()
    {
        using var disk = new ScratchDisk(megabytes: 1);
        var snapshots = new SnapshotStore(disk.Sub("snapshots"));
        snapshots.Save(1, new byte[1000]);
        disk.Fill();

        Assert.ThrowsAny<IOException>(() => snapshots.Save(2, new byte[64 * 1024]));

        Assert.Empty(Directory.GetFiles(snapshots.Directory, "*.tmp"));
        Assert.True(snapshots.TryLoadLatest(out var sequence, out _));
        Assert.Equal(1, sequence);
    }

    /// <summary>A batch of <paramref name="count"/> test records from <paramref name="first"/> (payloads as <see cref="TestLog"/> writes them).</summary>
    private static LogBatch Batch(long first, int count)
    {
        var batch = new LogBatch(64 * 1024);
        batch.Reset(first);
        for (var i = 0; i < count; i++)
        {
            var sequence = batch.NextSequence;
            var length = TestLog.PayloadLength(sequence);
            TestLog.FillPayload(batch.BeginRecord(length), sequence);
            batch.EndRecord(length);
        }

        return batch;
    }
}
