namespace Bourse.MarketData.Books;

/// <summary>A price and the quantity displayed at it, in smallest units. In a diff, quantity 0 removes the level.</summary>
public readonly record struct BookLevel(long Price, long Quantity);
