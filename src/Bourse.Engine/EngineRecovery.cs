namespace Bourse.Engine;

/// <summary>How the engine rebuilt its state at start-up.</summary>
public sealed record EngineRecovery(long SnapshotSequence, long ReplayedCommands, long LastSequence, TimeSpan Elapsed, string? LogRepair)
{
    public double ReplayedPerSecond => Elapsed.TotalSeconds > 0 ? ReplayedCommands / Elapsed.TotalSeconds : 0;
}
