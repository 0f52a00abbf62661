namespace Bourse.MarketData.Books;

/// <summary>
/// The top of a book as of one book update id, taken under the market's lock: the levels are exactly the book after
/// the command that produced <paramref name="LastUpdateId"/>. Bids and asks are best first.
/// </summary>
public sealed record DepthSnapshot(long LastUpdateId, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks);
