namespace Bourse.MarketData.Trades;

/// <summary>
/// Binance's aggregate trade: consecutive trades of one taker order at one price, with their summed quantity and
/// the ids of the first and last of them. Aggregate ids count 1, 2, 3… per market.
/// </summary>
public readonly record struct AggregateTrade(long Id, long Price, long Quantity, long FirstTradeId, long LastTradeId, long Time, bool IsBuyerMaker);
