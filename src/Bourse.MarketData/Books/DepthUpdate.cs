namespace Bourse.MarketData.Books;

/// <summary>
/// A depth diff covering the book updates <paramref name="FirstUpdateId"/> (Binance <c>U</c>) to
/// <paramref name="FinalUpdateId"/> (<c>u</c>): the last quantity of every level they changed, 0 for a level that is
/// gone. Consecutive diffs of a market chain: each <c>U</c> is the previous <c>u</c> + 1. Bids are best first, asks
/// best first. Immutable, so one instance (and one serialized message) serves every subscriber.
/// </summary>
public sealed record DepthUpdate(
    int MarketId,
    string Symbol,
    long FirstUpdateId,
    long FinalUpdateId,
    long EventTime,
    IReadOnlyList<BookLevel> Bids,
    IReadOnlyList<BookLevel> Asks);
