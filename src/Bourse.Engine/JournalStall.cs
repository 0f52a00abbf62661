namespace Bourse.Engine;

/// <summary>The command log refuses appends: since when, how many attempts so far, and the last error.</summary>
public sealed record JournalStall(DateTimeOffset Since, int Attempts, Exception LastError);
