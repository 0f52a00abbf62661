using Bourse.MarketData.Books;
using Bourse.MarketData.Klines;
using Bourse.MarketData.Tests.Books;

namespace Bourse.MarketData.Tests;

public class ConcurrentReadTests
{
    private const int EventsToApply = 100_000;

    [Fact]
    public void Readers_never_see_torn_state_while_the_writer_applies_100k_events()
    {
        var listener = new CountingListener();
        var exchange = new ExchangeHarness(new MarketDataOptions { Listener = listener }) { Step = 50 };
        var flow = new RandomOrderFlow(exchange, seed: 42);
        var store = exchange.Store;
        var writerDone = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var reads = 0L;
        var applied = 0L;

        var writer = new Thread(() =>
        {
            try
            {
                while (applied < EventsToApply)
                {
                    applied += flow.Next(exchange);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
            finally
            {
                Volatile.Write(ref writerDone, 1);
            }
        });

        Thread Read(Action<MarketView> check) =>
            Run(failures, () =>
            {
                while (Volatile.Read(ref writerDone) == 0)
                {
                    foreach (var market in store.Markets)
                    {
                        check(market);
                        Interlocked.Increment(ref reads);
                    }
                }
            });

        var readers = new[]
        {
            Read(CheckDepth),
            Read(CheckTrades),
            Read(CheckTickerAndKlines),
            Run(failures, () =>
            {
                var last = new Dictionary<int, long>();
                while (Volatile.Read(ref writerDone) == 0)
                {
                    foreach (var update in store.DrainDepthUpdates(DepthCadence.Every100Ms))
                    {
                        if (last.TryGetValue(update.MarketId, out var previous))
                        {
                            Assert.Equal(previous + 1, update.FirstUpdateId);
                        }

                        Assert.True(update.FinalUpdateId >= update.FirstUpdateId);
                        last[update.MarketId] = update.FinalUpdateId;
                    }
                }
            }),
        };

        writer.Start();
        writer.Join();
        foreach (var reader in readers)
        {
            reader.Join();
        }

        Assert.Empty(failures);
        Assert.True(applied >= EventsToApply);
        Assert.True(listener.Notices > 1_000);
        Assert.True(Interlocked.Read(ref reads) > 100, $"only {reads} reads");
        OrderBookViewTests.AssertDepthMatchesCore(exchange);
    }

    private static void CheckDepth(MarketView market)
    {
        var depth = market.GetDepth(1_000);
        for (var i = 1; i < depth.Bids.Count; i++)
        {
            Assert.True(depth.Bids[i].Price < depth.Bids[i - 1].Price);
        }

        for (var i = 1; i < depth.Asks.Count; i++)
        {
            Assert.True(depth.Asks[i].Price > depth.Asks[i - 1].Price);
        }

        Assert.All(depth.Bids.Concat(depth.Asks), l => Assert.True(l.Quantity > 0));

        // At a command boundary the book is never crossed.
        if (depth.Bids.Count > 0 && depth.Asks.Count > 0)
        {
            Assert.True(depth.Bids[0].Price < depth.Asks[0].Price, $"crossed book at update {depth.LastUpdateId}");
        }

        var ticker = market.GetBookTicker();
        if (ticker.BidPrice != 0 && ticker.AskPrice != 0)
        {
            Assert.True(ticker.BidPrice < ticker.AskPrice);
        }
    }

    private static void CheckTrades(MarketView market)
    {
        var trades = market.GetRecentTrades(1_000);
        for (var i = 1; i < trades.Count; i++)
        {
            Assert.Equal(trades[i - 1].Id + 1, trades[i].Id);
            Assert.True(trades[i].Time >= trades[i - 1].Time);
        }

        var aggregates = market.GetAggregateTrades(limit: 1_000);
        for (var i = 1; i < aggregates.Count; i++)
        {
            Assert.Equal(aggregates[i].FirstTradeId, aggregates[i].Id);
            Assert.Equal(aggregates[i - 1].LastTradeId + 1, aggregates[i].FirstTradeId);
        }
    }

    private static void CheckTickerAndKlines(MarketView market)
    {
        var ticker = market.GetTicker();
        if (ticker.Count > 0)
        {
            Assert.Equal(ticker.LastTradeId - ticker.FirstTradeId + 1, ticker.Count);
            Assert.True(ticker.LowPrice <= ticker.LastPrice && ticker.LastPrice <= ticker.HighPrice);
            Assert.True(ticker.Volume > 0);
        }

        var klines = market.GetKlines(KlineInterval.OneMinute, limit: 100);
        for (var i = 1; i < klines.Count; i++)
        {
            Assert.Equal(klines[i - 1].OpenTime + 60_000, klines[i].OpenTime);
        }

        Assert.All(klines, k => Assert.True(k.Low <= k.Open && k.Open <= k.High && k.Low <= k.Close && k.Close <= k.High));
    }

    private static Thread Run(System.Collections.Concurrent.ConcurrentQueue<Exception> failures, Action body)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        });
        thread.Start();
        return thread;
    }

    private sealed class CountingListener : IMarketDataListener
    {
        private long _notices;

        public long Notices => Interlocked.Read(ref _notices);

        public void OnMarketChanged(MarketView market, in MarketChanges changes) => Interlocked.Increment(ref _notices);
    }
}
