namespace Bourse.Journal;

/// <summary>When an append is forced to stable storage.</summary>
public enum FsyncPolicy
{
    /// <summary>One fsync per appended batch: a batch is durable when the append returns.</summary>
    EveryBatch = 0,

    /// <summary>
    /// No fsync per batch; the OS writes back when it likes. For benchmarks and tests of speed only. A finished segment
    /// is still fsynced once before the next one starts, so recovery can keep treating damage there as corruption.
    /// </summary>
    Never = 1,
}
