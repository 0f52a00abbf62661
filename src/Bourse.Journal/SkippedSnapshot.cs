namespace Bourse.Journal;

/// <summary>A snapshot file <see cref="SnapshotStore.TryLoadLatest"/> passed over, and why.</summary>
public sealed record SkippedSnapshot(string Path, long Sequence, string Reason);
