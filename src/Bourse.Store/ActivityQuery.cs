namespace Bourse.Store;

/// <summary>One page of a user's activities, newest first: those before <see cref="BeforeSequence"/> when set.</summary>
public sealed record ActivityQuery(long UserId, int Limit)
{
    /// <summary>Only these kinds; every kind when empty.</summary>
    public IReadOnlyList<ActivityKind> Kinds { get; init; } = [];

    /// <summary>Only this asset (spent or received); every asset when null.</summary>
    public int? AssetId { get; init; }

    public long? BeforeSequence { get; init; }
}
