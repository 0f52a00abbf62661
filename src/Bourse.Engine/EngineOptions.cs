using Bourse.Core;
using Bourse.Journal;

namespace Bourse.Engine;

public sealed record EngineOptions
{
    /// <summary>Directory holding the command log (<c>log/</c>) and snapshots (<c>snapshots/</c>).</summary>
    public required string DataDirectory { get; init; }

    public CoreOptions Core { get; init; } = new();

    /// <summary>Requests waiting for the engine before new ones are refused as overloaded.</summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>Commands per batch: one log append and one fsync each.</summary>
    public int MaxBatchSize { get; init; } = 16_384;

    /// <summary>A snapshot is written after this many commands; 0 turns periodic snapshots off.</summary>
    public long SnapshotInterval { get; init; } = 1_000_000;

    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.EveryBatch;

    public long SegmentBytes { get; init; } = 256L * 1024 * 1024;

    public string LogDirectory => Path.Combine(DataDirectory, "log");

    public string SnapshotDirectory => Path.Combine(DataDirectory, "snapshots");
}
