namespace Bourse.Engine;

/// <summary>What became of a submitted command.</summary>
public enum CommandStatus
{
    /// <summary>Durable in the log and applied; its events say what it did (including a rejection).</summary>
    Applied = 1,
    /// <summary>The engine's queue was full: nothing was logged. Retry later.</summary>
    Overloaded = 2,
    /// <summary>The engine is stopping or stopped: nothing was logged.</summary>
    Stopped = 3,
    /// <summary>The engine failed while handling the batch; the command may or may not be in the log.</summary>
    Faulted = 4,
    /// <summary>
    /// The command cannot be logged as it is (malformed or oversized strings, a reference-data command without its
    /// spec): nothing was logged. The API layer validates first, so this is a last line of defence.
    /// </summary>
    Refused = 5,
}
