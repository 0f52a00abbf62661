using System.Runtime.CompilerServices;
using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Journal;

namespace Bourse.Engine.Tests.Compatibility;

/// <summary>
/// The log and snapshot files a run of <see cref="RecordedSession"/> wrote, checked in under Compatibility/Recorded:
/// whatever the core becomes, it must recover them to the state they recorded. To record them again (only when the
/// formats change on purpose, keeping the old files as a further fixture), run these tests with
/// BOURSE_RECORD_FIXTURE=1.
/// </summary>
public sealed class RecordedSessionTests
{
    private static readonly string Recorded = Path.Combine(AppContext.BaseDirectory, "Compatibility", "Recorded");

    private static SessionRecord Expected => SessionRecord.Parse(File.ReadAllText(Path.Combine(Recorded, "recorded.txt")));

    [Fact]
    public void Recorded_snapshot_and_log_tail_recover_to_the_recorded_states()
    {
        using var directory = CopyOfRecordedData();
        var options = RecordedSession.Options(directory.Path);

        Assert.True(new SnapshotStore(options.SnapshotDirectory).TryLoadLatest(out var sequence, out var state));
        var core = ExchangeCore.LoadSnapshot(state, options.Core);
        Assert.Equal(Expected.SnapshotSequence, sequence);
        Assert.Equal(Expected.SnapshotSequence, core.LastSequence);
        Assert.Equal(Expected.SnapshotHash, core.ComputeStateHash());

        using var log = FileCommandLog.Open(new FileCommandLogOptions { Directory = options.LogDirectory, SegmentBytes = options.SegmentBytes });
        Assert.True(ExchangeEngine.Replay(core, log) > 0);
        Assert.Equal(Expected.FinalSequence, core.LastSequence);
        Assert.Equal(Expected.FinalHash, core.ComputeStateHash());

        // What today's core writes reads back to the same state.
        Assert.Equal(Expected.FinalHash, ExchangeCore.LoadSnapshot(core.SaveSnapshot()).ComputeStateHash());
    }

    [Fact]
    public async Task An_engine_started_on_the_recorded_data_uses_the_snapshot_and_reaches_the_recorded_state()
    {
        using var directory = CopyOfRecordedData();

        await using var engine = ExchangeEngine.Start(RecordedSession.Options(directory.Path));

        Assert.Equal(Expected.SnapshotSequence, engine.Recovery.SnapshotSequence);
        Assert.Equal(Expected.FinalSequence, await engine.QueryAsync(core => core.LastSequence));
        Assert.Equal(Expected.FinalHash, await engine.QueryAsync(core => core.ComputeStateHash()));
    }

    [Fact]
    public void Recorded_log_alone_replays_to_the_recorded_state()
    {
        using var directory = CopyOfRecordedData();

        Assert.Equal(Expected.FinalHash, Fixtures.CleanReplayHash(directory.Path));
    }

    /// <summary>
    /// Commands added after the fixture was recorded. The recorded session cannot contain them; the next recorded
    /// fixture will. A new command type must be listed here consciously, or the coverage check below fails.
    /// </summary>
    private static readonly CommandType[] AddedSinceRecording =
        [CommandType.SetAccountRestrictions, CommandType.AdjustBalance, CommandType.SetAssetStatus, CommandType.DelistMarket];

    /// <summary>
    /// Today's code, given the same commands and clock, writes the recorded files byte for byte (so the codec and the
    /// snapshot format did not change) and emits the same events.
    /// </summary>
    [Fact]
    public async Task The_session_run_today_writes_the_recorded_files_and_emits_the_recorded_events()
    {
        using var directory = new TempDirectory();

        var record = await RecordedSession.RunAsync(directory.Path);

        if (Environment.GetEnvironmentVariable("BOURSE_RECORD_FIXTURE") == "1")
        {
            Record(directory.Path, record);
        }
        else
        {
            AssertSameAsRecorded(directory.Path, record);
        }

        foreach (var type in Enum.GetValues<CommandType>().Where(t => t != CommandType.None && !AddedSinceRecording.Contains(t)))
        {
            Assert.Contains($"command {type}", record.Coverage);
        }

        Assert.Contains("convert direct", record.Coverage);
        Assert.Contains("convert via", record.Coverage);
        Assert.Contains("event OrderTriggered", record.Coverage);
        Assert.Contains("event StakingRewardPaid", record.Coverage);
        Assert.Contains("event UnstakeReleased", record.Coverage);
        Assert.Contains("expired ExpiredInMatch", record.Coverage);
    }

    private static void AssertSameAsRecorded(string dataDirectory, SessionRecord record)
    {
        Assert.Equal(Expected.SnapshotSequence, record.SnapshotSequence);
        Assert.Equal(Expected.SnapshotHash, record.SnapshotHash);
        Assert.Equal(Expected.FinalSequence, record.FinalSequence);
        Assert.Equal(Expected.FinalHash, record.FinalHash);
        Assert.Equal(Expected.EventCount, record.EventCount);
        Assert.Equal(Expected.EventDigest, record.EventDigest);
        var recordedFiles = DataFiles(Path.Combine(Recorded, "data"));
        Assert.Equal(recordedFiles.Keys, DataFiles(dataDirectory).Keys);
        foreach (var (name, path) in DataFiles(dataDirectory))
        {
            Assert.True(File.ReadAllBytes(recordedFiles[name]).AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{name} differs from the recorded file");
        }
    }

    private static TempDirectory CopyOfRecordedData()
    {
        var directory = new TempDirectory();
        foreach (var (name, path) in DataFiles(Path.Combine(Recorded, "data")))
        {
            var target = Path.Combine(directory.Path, name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }

        return directory;
    }

    /// <summary>The log segments and snapshots under a data directory, by relative path (the lock file is no data).</summary>
    private static SortedDictionary<string, string> DataFiles(string dataDirectory) =>
        new(Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != "journal.lock")
            .ToDictionary(path => Path.GetRelativePath(dataDirectory, path).Replace('\\', '/'), path => path), StringComparer.Ordinal);

    private static void Record(string dataDirectory, SessionRecord record, [CallerFilePath] string thisFile = "")
    {
        var target = Path.Combine(Path.GetDirectoryName(thisFile)!, "Recorded");
        if (Directory.Exists(Path.Combine(target, "data")))
        {
            Directory.Delete(Path.Combine(target, "data"), recursive: true);
        }

        foreach (var (name, path) in DataFiles(dataDirectory))
        {
            var copy = Path.Combine(target, "data", name);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(path, copy);
        }

        File.WriteAllText(Path.Combine(target, "recorded.txt"), record.Format());
    }
}
