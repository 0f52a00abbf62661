namespace Bourse.Store.Portfolio;

/// <summary>The sum of a user's activities of one kind in one asset: amounts and fees in its smallest unit.</summary>
public sealed record ActivityTotal(ActivityKind Kind, int AssetId, long Amount, long Fee, long Count);
