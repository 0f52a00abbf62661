namespace Bourse.Journal;

public sealed class FileCommandLogOptions
{
    /// <summary>Directory of the segment files; created if missing. Holds one log only.</summary>
    public required string Directory { get; init; }

    /// <summary>A new segment starts before a batch that would take the current one past this size (only at batch boundaries).</summary>
    public long SegmentBytes { get; init; } = 256L * 1024 * 1024;

    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.EveryBatch;
}
