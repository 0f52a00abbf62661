namespace Bourse.Trading;

/// <summary>What became of a command sent to the engine.</summary>
public enum SubmitStatus
{
    /// <summary>Durable and applied, and the core did what it asked.</summary>
    Accepted,
    /// <summary>Durable and applied, and the core refused it (<see cref="SubmitOutcome.Reason"/> says why); nothing changed.</summary>
    Rejected,
    /// <summary>The engine's queue was full: nothing was logged; retry later.</summary>
    Overloaded,
    /// <summary>The engine is stopping or stopped: nothing was logged.</summary>
    Stopped,
    /// <summary>The command cannot be logged as it is: nothing was logged.</summary>
    Refused,
    /// <summary>The engine failed while handling it: it may or may not be in the log.</summary>
    Faulted,
}
