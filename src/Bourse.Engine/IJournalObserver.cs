namespace Bourse.Engine;

/// <summary>
/// Told when the command log fails and when it heals, and when a snapshot fails, on the journal thread: the host logs it. Implementations must be
/// quick and must not throw.
/// </summary>
public interface IJournalObserver
{
    /// <summary>An append (or the repair before a retry) failed; <paramref name="attempt"/> counts from 1 for this batch.</summary>
    void JournalFailed(Exception error, int attempt);

    /// <summary>The stalled batch became durable after <paramref name="attempts"/> failed attempts over <paramref name="stalled"/>.</summary>
    void JournalResumed(int attempts, TimeSpan stalled);

    /// <summary>A snapshot could not be written (recovery then replays more of the log; nothing is lost).</summary>
    void SnapshotFailed(long sequence, Exception error);
}
