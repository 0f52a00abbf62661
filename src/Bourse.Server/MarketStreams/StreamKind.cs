namespace Bourse.Server.MarketStreams;

/// <summary>What a market stream carries; the stream name says which market and, for some kinds, which variant.</summary>
public enum StreamKind
{
    Trade,
    AggregateTrade,
    Kline,
    MiniTicker,
    Ticker,
    BookTicker,
    PartialDepth,
    DepthDiff,
    AllMiniTickers,
    AllTickers,
    AllBookTickers,
}
