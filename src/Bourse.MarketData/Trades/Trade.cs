namespace Bourse.MarketData.Trades;

/// <summary>
/// One public trade: price in quote units per whole base unit, quantity in base units, quote quantity in quote
/// units (all smallest units); <paramref name="IsBuyerMaker"/> is true when the taker sold.
/// </summary>
public readonly record struct Trade(long Id, long Price, long Quantity, long QuoteQuantity, long Time, bool IsBuyerMaker);
