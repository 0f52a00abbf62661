namespace Bourse.Journal;

/// <summary>Forward-only reader of log records, in sequence order. Not thread-safe.</summary>
public abstract class LogCursor : IDisposable
{
    /// <summary>Advances to the next record; false at the end of the log as it was when the cursor was made.</summary>
    public abstract bool MoveNext();

    public abstract long Sequence { get; }

    /// <summary>The record's payload; valid only until the next <see cref="MoveNext"/>.</summary>
    public abstract ReadOnlySpan<byte> Payload { get; }

    public abstract void Dispose();
}
