namespace Bourse.Store.Portfolio;

/// <summary>A user's whole portfolio valued at one moment: <see cref="Value"/> in the smallest unit of the quote asset.</summary>
public sealed record PortfolioSnapshot(long UserId, long Time, int QuoteAssetId, long Value);
