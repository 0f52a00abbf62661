namespace Bourse.Journal.Tests;

public class SnapshotStoreTests
{
    [Fact]
    public void Saved_snapshot_is_loaded_back()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Sub("snapshots"));
        var state = TestLog.Payload(7, 10_000);

        store.Save(1234, state);

        Assert.True(new SnapshotStore(dir.Sub("snapshots")).TryLoadLatest(out var sequence, out var loaded));
        Assert.Equal(1234, sequence);
        Assert.Equal(state, loaded);
    }

    [Fact]
    public void Empty_state_round_trips()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);
        store.Save(0, []);

        Assert.True(store.TryLoadLatest(out var sequence, out var loaded));
        Assert.Equal(0, sequence);
        Assert.Empty(loaded);
    }

    [Fact]
    public void Empty_store_has_no_snapshot()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);

        Assert.False(store.TryLoadLatest(out _, out var state));
        Assert.Empty(state);
        Assert.Empty(store.Skipped);
    }

    [Fact]
    public void Newest_snapshot_is_loaded()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);
        store.Save(200, TestLog.Payload(200, 64));
        store.Save(1000, TestLog.Payload(1000, 64));
        store.Save(50, TestLog.Payload(50, 64));

        Assert.True(store.TryLoadLatest(out var sequence, out var state));
        Assert.Equal(1000, sequence);
        Assert.Equal(TestLog.Payload(1000, 64), state);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(-1)]
    public void Corrupted_newest_snapshot_falls_back_to_the_previous_valid_one(int flippedOffset)
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);
        store.Save(100, TestLog.Payload(100, 500));
        store.Save(200, TestLog.Payload(200, 500));
        var newest = Path.Combine(dir.Path, $"{200:D20}.snap");
        FileBytes.Flip(newest, flippedOffset < 0 ? FileBytes.Length(newest) - 1 : flippedOffset);

        Assert.True(store.TryLoadLatest(out var sequence, out var state));

        Assert.Equal(100, sequence);
        Assert.Equal(TestLog.Payload(100, 500), state);
        var skipped = Assert.Single(store.Skipped);
        Assert.Equal(newest, skipped.Path);
        Assert.Equal(200, skipped.Sequence);
    }

    [Fact]
    public void Truncated_newest_snapshot_falls_back_to_the_previous_valid_one()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);
        store.Save(100, TestLog.Payload(100, 500));
        store.Save(200, TestLog.Payload(200, 500));
        FileBytes.Truncate(Path.Combine(dir.Path, $"{200:D20}.snap"), 300);

        Assert.True(store.TryLoadLatest(out var sequence, out _));
        Assert.Equal(100, sequence);
        Assert.Single(store.Skipped);
    }

    [Fact]
    public void Only_the_newest_snapshots_are_kept()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path, keep: 2);
        for (var sequence = 10; sequence <= 50; sequence += 10) store.Save(sequence, TestLog.Payload(sequence, 32));

        var files = Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal([$"{40:D20}.snap", $"{50:D20}.snap"], files);
    }

    [Fact]
    public void Leftover_temporary_file_is_ignored()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);
        store.Save(100, TestLog.Payload(100, 64));
        var leftover = Path.Combine(dir.Path, $"{300:D20}.snap.tmp");
        File.WriteAllBytes(leftover, TestLog.Payload(300, 20));

        Assert.True(store.TryLoadLatest(out var sequence, out _));
        Assert.Equal(100, sequence);
        Assert.Empty(store.Skipped);

        store.Save(400, TestLog.Payload(400, 64));
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void Saving_the_same_sequence_again_replaces_the_snapshot()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);
        store.Save(100, TestLog.Payload(1, 64));
        store.Save(100, TestLog.Payload(2, 64));

        Assert.True(store.TryLoadLatest(out _, out var state));
        Assert.Equal(TestLog.Payload(2, 64), state);
    }
}
