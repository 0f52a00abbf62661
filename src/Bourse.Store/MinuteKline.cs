namespace Bourse.Store;

/// <summary>
/// One market minute with trades. Longer intervals are sums of minutes, computed at query time: every Binance interval
/// is a whole number of minutes, so one table serves them all and the projection writes one row per trade's minute.
/// </summary>
public readonly record struct MinuteKline(
    int MarketId,
    long OpenTime,
    long Open,
    long High,
    long Low,
    long Close,
    long Volume,
    long QuoteVolume,
    long TradeCount,
    long TakerBuyVolume,
    long TakerBuyQuoteVolume,
    long FirstTradeId,
    long LastTradeId);
