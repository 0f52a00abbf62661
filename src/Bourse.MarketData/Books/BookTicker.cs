namespace Bourse.MarketData.Books;

/// <summary>Best bid and ask as of book update <paramref name="UpdateId"/>; price and quantity are 0 for an empty side.</summary>
public readonly record struct BookTicker(long UpdateId, long BidPrice, long BidQuantity, long AskPrice, long AskQuantity);
