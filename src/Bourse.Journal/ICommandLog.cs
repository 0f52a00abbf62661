namespace Bourse.Journal;

/// <summary>
/// The durable, ordered record of every command: the exchange's system of record. Sequences start at 1 and are
/// contiguous. One writer thread appends; a command may be acknowledged once the append of its batch returns.
/// </summary>
public interface ICommandLog : IDisposable
{
    /// <summary>Last durable sequence; 0 when the log is empty.</summary>
    long LastSequence { get; }

    /// <summary>
    /// Appends the batch, whose <see cref="LogBatch.FirstSequence"/> must be <see cref="LastSequence"/> + 1
    /// (else <see cref="InvalidOperationException"/> and nothing is written), with one write and, per policy, one
    /// fsync. Completes when the batch is durable. A ValueTask because a replicated (NATS JetStream) log will await acks.
    /// </summary>
    ValueTask AppendAsync(LogBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// After a failed <see cref="AppendAsync"/>: drops whatever of the failed batch may have reached storage, so that the
    /// same batch can be appended again; throws while that is not possible yet (the fault persists).
    /// </summary>
    void Repair();

    /// <summary>A cursor over the records with sequence &gt;= <paramref name="fromSequence"/>, up to <see cref="LastSequence"/> as of this call.</summary>
    LogCursor ReadFrom(long fromSequence);
}
