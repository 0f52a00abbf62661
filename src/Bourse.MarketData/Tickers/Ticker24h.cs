namespace Bourse.MarketData.Tickers;

/// <summary>
/// Rolling 24-hour statistics (Binance's FULL <c>ticker/24hr</c> and <c>@ticker</c>). The window is whole minutes:
/// it starts at <paramref name="OpenTime"/>, at most 59.999 s more than 24 h before <paramref name="CloseTime"/>, as
/// Binance's may. Prices in quote smallest units per whole base unit; <paramref name="Volume"/> in base and
/// <paramref name="QuoteVolume"/> in quote smallest units (Int128: a day's sum can pass a long). With no trade in the
/// window, the prices are the last trade's (0 if none ever), the counts 0 and the trade ids −1.
/// </summary>
public sealed record Ticker24h(
    long OpenTime,
    long CloseTime,
    long OpenPrice,
    long HighPrice,
    long LowPrice,
    long LastPrice,
    long LastQuantity,
    long PrevClosePrice,
    long PriceChange,
    decimal PriceChangePercent,
    long WeightedAveragePrice,
    Int128 Volume,
    Int128 QuoteVolume,
    long FirstTradeId,
    long LastTradeId,
    long Count,
    long BidPrice,
    long BidQuantity,
    long AskPrice,
    long AskQuantity)
{
    /// <summary>The MINI form (<c>type=MINI</c>, <c>@miniTicker</c>).</summary>
    public MiniTicker ToMini() => new(OpenTime, CloseTime, OpenPrice, HighPrice, LowPrice, LastPrice, Volume, QuoteVolume);
}
