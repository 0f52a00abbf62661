namespace Bourse.MarketData.Klines;

/// <summary>
/// One candlestick. Prices in quote smallest units per whole base unit; volumes in base, quote volumes in quote
/// smallest units (Int128: a month's sum can pass a long); taker buy volumes count trades whose taker bought.
/// An interval without trades has its open, high, low and close at the previous close, zero volumes and trade ids −1.
/// <paramref name="IsClosed"/>: the store's clock (latest event time) is past <paramref name="CloseTime"/>.
/// </summary>
public readonly record struct Kline(
    long OpenTime,
    long CloseTime,
    long Open,
    long High,
    long Low,
    long Close,
    Int128 Volume,
    Int128 QuoteVolume,
    long TradeCount,
    Int128 TakerBuyBaseVolume,
    Int128 TakerBuyQuoteVolume,
    long FirstTradeId,
    long LastTradeId,
    bool IsClosed);
