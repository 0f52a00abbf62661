using Bourse.MarketData;
using Bourse.MarketData.Books;
using Bourse.MarketData.Tickers;

namespace Bourse.Server.MarketStreams;

/// <summary>
/// The one thread that turns market changes into stream messages: trades, aggregate trades and book tickers as they
/// happen, depth diffs and partial books every 100 ms and 1000 ms, tickers and klines every second. Each message
/// is serialized once and the same bytes are queued to every subscriber; queuing never waits, so a slow client
/// cannot hold up the engine or anyone else.
/// </summary>
public sealed partial class MarketStreamPublisher(
    MarketDataStore store, MarketChangeQueue changes, StreamTopics topics, StreamMetrics metrics, TimeProvider time, ILogger<MarketStreamPublisher> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan FastTick = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stopping = new();
    private readonly StreamPayloads _payloads = new();
    private Thread? _thread;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Exported from the start (at 0), not only once the first client connects.
        metrics.OpenConnections.Set(0);
        // Diffs accumulate from the first drain on: start both cadences now so the first subscriber gets a chain.
        store.DrainDepthUpdates(DepthCadence.Every100Ms);
        store.DrainDepthUpdates(DepthCadence.Every1000Ms);
        _thread = new Thread(Run) { IsBackground = true, Name = "market-stream-publisher" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping.Dispose();

    private void Run()
    {
        var token = _stopping.Token;
        var nextFast = time.GetTimestamp();
        var ticks = 0L;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var wait = time.GetElapsedTime(time.GetTimestamp(), nextFast);
                if (wait > TimeSpan.Zero)
                {
                    changes.Wait(wait, token);
                }

                PublishChanges();
                if (time.GetTimestamp() >= nextFast)
                {
                    ticks++;
                    nextFast += (long)(FastTick.TotalSeconds * time.TimestampFrequency);
                    if (time.GetTimestamp() > nextFast)
                    {
                        // Fell behind (a pause): skip the missed ticks rather than burst them.
                        nextFast = time.GetTimestamp() + (long)(FastTick.TotalSeconds * time.TimestampFrequency);
                    }

                    PublishDepth(DepthCadence.Every100Ms);
                    if (ticks % 10 == 0)
                    {
                        PublishDepth(DepthCadence.Every1000Ms);
                        PublishTickersAndKlines();
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A bug in one message must not stop every stream.
                LogPublishFailed(logger, e);
            }
        }
    }

    private void PublishChanges()
    {
        while (changes.TryTake(out var market, out var change))
        {
            var marketTopics = topics.For(market);
            var listing = market.Listing;
            if (change.HasTrades && marketTopics.Trade.HasSubscribers)
            {
                var count = (int)(change.LastTradeId - change.FirstTradeId + 1);
                // Only this change's trades: a lagging publisher may find later ones already on the tape (they go out
                // with their own change), and an evicted first id would otherwise start the page at the oldest kept.
                foreach (var trade in market.GetHistoricalTrades(change.FirstTradeId, count))
                {
                    if (trade.Id >= change.FirstTradeId && trade.Id <= change.LastTradeId)
                    {
                        Send(marketTopics.Trade, _payloads.Trade(listing, trade));
                    }
                }
            }

            if (change.HasTrades && marketTopics.AggregateTrade.HasSubscribers)
            {
                var count = (int)(change.LastAggregateId - change.FirstAggregateId + 1);
                foreach (var aggregate in market.GetAggregateTrades(fromId: change.FirstAggregateId, limit: count))
                {
                    if (aggregate.Id >= change.FirstAggregateId && aggregate.Id <= change.LastAggregateId)
                    {
                        Send(marketTopics.AggregateTrade, _payloads.AggregateTrade(listing, aggregate));
                    }
                }
            }

            if (change.BookTickerChanged && (marketTopics.BookTicker.HasSubscribers || topics.AllBookTickers.HasSubscribers))
            {
                var payload = _payloads.BookTicker(listing, market.GetBookTicker());
                Send(marketTopics.BookTicker, payload);
                Send(topics.AllBookTickers, payload);
            }
        }
    }

    private void PublishDepth(DepthCadence cadence)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var update in store.DrainDepthUpdates(cadence))
        {
            if (store.GetMarket(update.MarketId) is not { } market)
            {
                continue;
            }

            var topic = topics.For(market).DepthDiffs[(int)cadence];
            if (topic.HasSubscribers)
            {
                Send(topic, _payloads.DepthUpdate(market.Listing, update, now));
            }
        }

        foreach (var market in store.Markets)
        {
            foreach (var topic in topics.For(market).PartialDepths)
            {
                if (topic.Cadence == cadence && topic.HasSubscribers)
                {
                    Send(topic, _payloads.PartialDepth(market.Listing, market.GetDepth(topic.Levels, splitDiffs: false)));
                }
            }
        }
    }

    private void PublishTickersAndKlines()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var all = topics.AllMiniTickers.HasSubscribers || topics.AllTickers.HasSubscribers;
        var tickers = new List<(MarketListing, Ticker24h)>();
        foreach (var market in store.Markets)
        {
            var marketTopics = topics.For(market);
            var listing = market.Listing;
            if (all || marketTopics.Ticker.HasSubscribers || marketTopics.MiniTicker.HasSubscribers)
            {
                var ticker = market.GetTicker();
                tickers.Add((listing, ticker));
                if (marketTopics.Ticker.HasSubscribers)
                {
                    Send(marketTopics.Ticker, _payloads.Ticker(listing, ticker, now));
                }

                if (marketTopics.MiniTicker.HasSubscribers)
                {
                    Send(marketTopics.MiniTicker, _payloads.MiniTicker(listing, ticker, now));
                }
            }

            foreach (var topic in marketTopics.Klines)
            {
                if (!topic.HasSubscribers)
                {
                    continue;
                }

                var klines = market.GetKlines(topic.Interval, limit: 2);
                if (klines.Count == 0)
                {
                    continue;
                }

                var current = klines[^1];
                if (klines.Count == 2 && topic.LastKlineOpenTime == klines[0].OpenTime)
                {
                    // The kline last sent has closed since: send its final state once, as Binance does.
                    Send(topic, _payloads.Kline(listing, topic.Interval, klines[0], now));
                }

                topic.LastKlineOpenTime = current.OpenTime;
                Send(topic, _payloads.Kline(listing, topic.Interval, current, now));
            }
        }

        if (topics.AllMiniTickers.HasSubscribers && tickers.Count > 0)
        {
            Send(topics.AllMiniTickers, _payloads.MiniTickers(tickers, now));
        }

        if (topics.AllTickers.HasSubscribers && tickers.Count > 0)
        {
            Send(topics.AllTickers, _payloads.Tickers(tickers, now));
        }
    }

    /// <summary>Queues one message to every subscriber of <paramref name="topic"/>; the combined form is built once, if needed.</summary>
    private void Send(StreamTopic topic, byte[] payload)
    {
        byte[]? combined = null;
        var subscribers = topic.Subscribers;
        foreach (var connection in subscribers)
        {
            connection.Enqueue(connection.Combined ? combined ??= StreamPayloads.Combined(topic.CombinedPrefix, payload) : payload);
        }

        metrics.MessagesQueued.Inc(subscribers.Length);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "Market stream publishing failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
