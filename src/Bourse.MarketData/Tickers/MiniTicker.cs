namespace Bourse.MarketData.Tickers;

/// <summary>The MINI form of <see cref="Ticker24h"/>: Binance's <c>@miniTicker</c> (c, o, h, l, v, q).</summary>
public sealed record MiniTicker(
    long OpenTime,
    long CloseTime,
    long OpenPrice,
    long HighPrice,
    long LowPrice,
    long LastPrice,
    Int128 Volume,
    Int128 QuoteVolume);
