using Bourse.Core;
using Bourse.Core.Events;
using Bourse.Engine;
using Bourse.MarketData;

namespace Bourse.Server.Views;

/// <summary>Feeds the engine's events into the market-data views (books, trades, tickers, klines).</summary>
public sealed class MarketDataFeed(MarketDataStore store) : IEventSubscriber
{
    public void Initialize(ExchangeCore core) => store.Initialize(core);

    public void OnEvents(ReadOnlySpan<Event> events) => store.Apply(events);
}
