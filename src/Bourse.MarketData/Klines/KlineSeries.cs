namespace Bourse.MarketData.Klines;

/// <summary>
/// A market's klines of one interval with trades, the most recent kept in a ring; intervals without trades are
/// filled in when read, as Binance returns them. Guarded by the market's lock.
/// </summary>
internal sealed class KlineSeries(KlineInterval interval, int kept)
{
    private readonly Ring<State> _klines = new(kept);
    private long _currentClose = long.MinValue;

    public KlineInterval Interval { get; } = interval;

    public void Add(long time, long price, long quantity, long quote, long tradeId, bool takerBought)
    {
        if (time > _currentClose)
        {
            var open = Interval.OpenTime(time);
            _currentClose = Interval.CloseTime(open);
            _klines.Add(new State
            {
                OpenTime = open,
                CloseTime = _currentClose,
                Open = price,
                High = price,
                Low = price,
                FirstTradeId = tradeId,
            });
        }

        ref var kline = ref _klines.Last;
        kline.High = Math.Max(kline.High, price);
        kline.Low = Math.Min(kline.Low, price);
        kline.Close = price;
        kline.Volume += quantity;
        kline.QuoteVolume += quote;
        kline.TradeCount++;
        kline.LastTradeId = tradeId;
        if (takerBought)
        {
            kline.TakerBuyBaseVolume += quantity;
            kline.TakerBuyQuoteVolume += quote;
        }
    }

    /// <summary>
    /// Binance's <c>klines</c> selection over what is kept: from <paramref name="startTime"/> on, or else the most
    /// recent up to <paramref name="endTime"/> (or up to the interval holding <paramref name="clock"/>); oldest first.
    /// </summary>
    public Kline[] Query(long? startTime, long? endTime, int limit, long clock)
    {
        if (_klines.Count == 0 || limit <= 0)
        {
            return [];
        }

        var first = _klines[0].OpenTime;
        var to = Math.Max(Interval.OpenTime(clock), _klines.Last.OpenTime);
        if (endTime is { } end)
        {
            to = Math.Min(to, Interval.OpenTime(end));
        }

        long from;
        if (startTime is { } start)
        {
            from = Interval.OpenTime(start);
            if (from < start)
            {
                from = Interval.NextOpenTime(from);
            }
        }
        else if (Interval.Length() > 0)
        {
            from = to - ((limit - 1) * Interval.Length());
        }
        else
        {
            from = to;
            for (var i = 1; i < limit && from > first; i++)
            {
                from = Interval.PreviousOpenTime(from);
            }
        }

        from = Math.Max(from, first);
        if (from > to)
        {
            return [];
        }

        var index = LowerBound(from);
        var previousClose = index > 0 ? _klines[index - 1].Close : _klines[0].Open;
        var result = new List<Kline>(Math.Min(limit, 64));
        for (var open = from; open <= to && result.Count < limit; open = Interval.NextOpenTime(open))
        {
            if (index < _klines.Count && _klines[index].OpenTime == open)
            {
                ref var kline = ref _klines[index++];
                result.Add(kline.ToKline(clock));
                previousClose = kline.Close;
            }
            else
            {
                var close = Interval.CloseTime(open);
                result.Add(new Kline(open, close, previousClose, previousClose, previousClose, previousClose, 0, 0, 0, 0, 0,
                    -1, -1, clock > close));
            }
        }

        return [.. result];
    }

    private int LowerBound(long openTime)
    {
        int low = 0, high = _klines.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_klines[mid].OpenTime < openTime)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private struct State
    {
        public long OpenTime;
        public long CloseTime;
        public long Open;
        public long High;
        public long Low;
        public long Close;
        public Int128 Volume;
        public Int128 QuoteVolume;
        public long TradeCount;
        public Int128 TakerBuyBaseVolume;
        public Int128 TakerBuyQuoteVolume;
        public long FirstTradeId;
        public long LastTradeId;

        public readonly Kline ToKline(long clock) => new(OpenTime, CloseTime, Open, High, Low, Close, Volume, QuoteVolume, TradeCount,
            TakerBuyBaseVolume, TakerBuyQuoteVolume, FirstTradeId, LastTradeId, clock > CloseTime);
    }
}
