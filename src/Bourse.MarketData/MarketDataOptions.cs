using Bourse.Core.Commands;

namespace Bourse.MarketData;

/// <summary>How much each market keeps in memory, and where market specs and change notices come from.</summary>
public sealed class MarketDataOptions
{
    /// <summary>Recent trades kept per market (recent and historical trades are served from these).</summary>
    public int TradesKept { get; init; } = 1_000;

    /// <summary>Recent aggregate trades kept per market.</summary>
    public int AggregateTradesKept { get; init; } = 1_000;

    /// <summary>Klines with trades kept per market and interval; the intervals between them are filled when read.</summary>
    public int KlinesKept { get; init; } = 1_000;

    /// <summary>Book level changes kept per market for <see cref="MarketView.TryGetDepthUpdates"/>.</summary>
    public int DepthChangesKept { get; init; } = 4_096;

    /// <summary>
    /// A market's spec by id (null if not known yet), asked when a <c>MarketCreated</c> or <c>MarketUpdated</c> event
    /// is applied, because those events carry only the id and symbol. A market it does not know yet is followed
    /// unlisted and asked about again after each <see cref="MarketDataStore.Apply"/> and on lookups until it is known,
    /// so it may be called on reader threads too: it must be thread-safe. Without it, a market created by an event
    /// is listed only once <see cref="MarketDataStore.AddMarket"/> supplies its spec.
    /// </summary>
    public Func<int, MarketSpec?>? MarketSpecs { get; init; }

    public IMarketDataListener? Listener { get; init; }
}
