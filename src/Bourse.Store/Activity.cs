namespace Bourse.Store;

/// <summary>
/// One money movement outside trading, from the user's side. Amounts in each asset's smallest unit. Converts fill
/// <see cref="ToAssetId"/>, <see cref="ToAmount"/> and <see cref="Fee"/> (in the to asset); rewards fill
/// <see cref="Period"/>; unstakes <see cref="ReleaseAt"/>; transfers <see cref="CounterpartyId"/>.
/// </summary>
public sealed record Activity(
    long Sequence,
    int EventIndex,
    long UserId,
    ActivityKind Kind,
    int AssetId,
    long Amount,
    int ToAssetId,
    long ToAmount,
    long Fee,
    long CounterpartyId,
    string? Reference,
    long ReferenceId,
    long Period,
    long ReleaseAt,
    long Time);
