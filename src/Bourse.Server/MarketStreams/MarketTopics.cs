using Bourse.MarketData.Books;
using Bourse.MarketData.Klines;

namespace Bourse.Server.MarketStreams;

/// <summary>Every stream one market has, made once, so the publisher reaches a topic without building its name.</summary>
public sealed class MarketTopics
{
    public static readonly int[] PartialDepthLevels = [5, 10, 20];

    public MarketTopics(int marketId, string symbol)
    {
        var s = symbol.ToLowerInvariant();
        Trade = new StreamTopic($"{s}@trade", StreamKind.Trade, marketId);
        AggregateTrade = new StreamTopic($"{s}@aggTrade", StreamKind.AggregateTrade, marketId);
        MiniTicker = new StreamTopic($"{s}@miniTicker", StreamKind.MiniTicker, marketId);
        Ticker = new StreamTopic($"{s}@ticker", StreamKind.Ticker, marketId);
        BookTicker = new StreamTopic($"{s}@bookTicker", StreamKind.BookTicker, marketId);
        Klines = [.. KlineIntervals.All.Select(i => new StreamTopic($"{s}@kline_{i.Name()}", StreamKind.Kline, marketId, interval: i))];
        DepthDiffs =
        [
            new StreamTopic($"{s}@depth", StreamKind.DepthDiff, marketId, cadence: DepthCadence.Every1000Ms),
            new StreamTopic($"{s}@depth@100ms", StreamKind.DepthDiff, marketId, cadence: DepthCadence.Every100Ms),
        ];
        PartialDepths = [.. PartialDepthLevels.SelectMany(levels => new[]
        {
            new StreamTopic($"{s}@depth{levels}", StreamKind.PartialDepth, marketId, levels: levels, cadence: DepthCadence.Every1000Ms),
            new StreamTopic($"{s}@depth{levels}@100ms", StreamKind.PartialDepth, marketId, levels: levels, cadence: DepthCadence.Every100Ms),
        })];
        All = [Trade, AggregateTrade, MiniTicker, Ticker, BookTicker, .. Klines, .. DepthDiffs, .. PartialDepths];
    }

    public StreamTopic Trade { get; }

    public StreamTopic AggregateTrade { get; }

    public StreamTopic MiniTicker { get; }

    public StreamTopic Ticker { get; }

    public StreamTopic BookTicker { get; }

    /// <summary>Indexed by <see cref="KlineInterval"/>.</summary>
    public IReadOnlyList<StreamTopic> Klines { get; }

    /// <summary>Indexed by <see cref="DepthCadence"/>.</summary>
    public IReadOnlyList<StreamTopic> DepthDiffs { get; }

    public IReadOnlyList<StreamTopic> PartialDepths { get; }

    public IReadOnlyList<StreamTopic> All { get; }
}
