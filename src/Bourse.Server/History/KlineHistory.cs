using Bourse.MarketData.Klines;
using Bourse.Store;

namespace Bourse.Server.History;

/// <summary>
/// Binance klines from the history store's 1-minute rows, selected and gap-filled exactly as the in-memory series does
/// (from <c>startTime</c> on, else the newest up to <c>endTime</c> or now; an interval without trades repeats the
/// previous close). Serves what memory no longer holds: older intervals, and everything after a restart.
/// </summary>
public static class KlineHistory
{
    private const long Day = 86_400_000;

    /// <summary>1970-01-05, the first Monday after the epoch: weeks start on Mondays.</summary>
    private const long FirstMonday = 4 * Day;

    /// <summary>Whether the in-memory answer may be missing intervals the store has.</summary>
    public static bool MemoryFallsShort(IReadOnlyList<Kline> memory, KlineInterval interval, long? startTime, int limit) =>
        interval != KlineInterval.OneSecond
        && (memory.Count == 0 || (startTime is { } start ? interval.OpenTime(start) < memory[0].OpenTime : memory.Count < limit));

    public static async Task<IReadOnlyList<Kline>> QueryAsync(IHistoryStore store, int marketId, KlineInterval interval, long? startTime, long? endTime,
        int limit, long clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (last, firstMinute) = await store.KlineBoundsAsync(marketId, long.MaxValue, cancellationToken).ConfigureAwait(false);
        if (last is null || firstMinute is null || limit <= 0)
        {
            return [];
        }

        var first = interval.OpenTime(firstMinute.Value);
        var to = Math.Max(interval.OpenTime(clock), interval.OpenTime(last.Value.OpenTime));
        if (endTime is { } end)
        {
            to = Math.Min(to, interval.OpenTime(end));
        }

        long from;
        if (startTime is { } start)
        {
            from = interval.OpenTime(start);
            if (from < start)
            {
                from = interval.NextOpenTime(from);
            }
        }
        else
        {
            from = to;
            for (var i = 1; i < limit && from > first; i++)
            {
                from = interval.PreviousOpenTime(from);
            }
        }

        from = Math.Max(from, first);
        if (from > to)
        {
            return [];
        }

        // Read no more minutes than the page needs: a start far in the past must not scan the whole history.
        var pageEnd = from;
        for (var i = 1; i < limit && pageEnd < to; i++)
        {
            pageEnd = interval.NextOpenTime(pageEnd);
        }

        to = Math.Min(to, pageEnd);

        var buckets = await BucketsAsync(store, marketId, interval, from, interval.CloseTime(to), cancellationToken).ConfigureAwait(false);
        var (before, _) = await store.KlineBoundsAsync(marketId, from, cancellationToken).ConfigureAwait(false);
        var previousClose = before?.Close ?? (buckets.Count > 0 ? buckets[0].Open : last.Value.Close);
        var result = new List<Kline>(Math.Min(limit, 64));
        var index = 0;
        for (var open = from; open <= to && result.Count < limit; open = interval.NextOpenTime(open))
        {
            var close = interval.CloseTime(open);
            if (index < buckets.Count && buckets[index].OpenTime == open)
            {
                var k = buckets[index++];
                result.Add(new Kline(open, close, k.Open, k.High, k.Low, k.Close, k.Volume, k.QuoteVolume, k.TradeCount, k.TakerBuyVolume,
                    k.TakerBuyQuoteVolume, k.FirstTradeId, k.LastTradeId, clock > close));
                previousClose = k.Close;
            }
            else
            {
                result.Add(new Kline(open, close, previousClose, previousClose, previousClose, previousClose, 0, 0, 0, 0, 0, -1, -1, clock > close));
            }
        }

        return result;
    }

    /// <summary>The store sums fixed-length buckets; months (which vary) are summed here from days.</summary>
    private static async Task<List<MinuteKline>> BucketsAsync(IHistoryStore store, int marketId, KlineInterval interval, long from, long to,
        CancellationToken cancellationToken)
    {
        if (interval != KlineInterval.OneMonth)
        {
            var offset = interval == KlineInterval.OneWeek ? FirstMonday : 0;
            return [.. await store.KlineBucketsAsync(marketId, interval.Length(), offset, from, to, cancellationToken).ConfigureAwait(false)];
        }

        var days = await store.KlineBucketsAsync(marketId, Day, 0, from, to, cancellationToken).ConfigureAwait(false);
        return [.. days
            .GroupBy(d => interval.OpenTime(d.OpenTime))
            .Select(m => new MinuteKline(marketId, m.Key, m.First().Open, m.Max(d => d.High), m.Min(d => d.Low), m.Last().Close,
                m.Sum(d => d.Volume), m.Sum(d => d.QuoteVolume), m.Sum(d => d.TradeCount), m.Sum(d => d.TakerBuyVolume),
                m.Sum(d => d.TakerBuyQuoteVolume), m.First().FirstTradeId, m.Last().LastTradeId))];
    }
}
