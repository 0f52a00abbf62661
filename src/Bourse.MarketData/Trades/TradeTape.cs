namespace Bourse.MarketData.Trades;

/// <summary>
/// A market's most recent trades and aggregate trades, in bounded rings (oldest overwritten first). Both are kept
/// in id order and time order, so queries are binary searches. Guarded by the market's lock.
/// </summary>
internal sealed class TradeTape(int tradesKept, int aggregatesKept)
{
    private readonly Ring<Trade> _trades = new(tradesKept);
    private readonly Ring<Aggregate> _aggregates = new(aggregatesKept);

    public long LastAggregateId { get; private set; }

    /// <summary>Records a trade; returns the id of the aggregate it joined or started.</summary>
    public long Add(in Trade trade, long takerOrderId, long sequence)
    {
        _trades.Add(trade);

        // Trades of one taker order all happen within the command that placed (or triggered) it.
        if (_aggregates.Count > 0)
        {
            ref var last = ref _aggregates.Last;
            if (last.TakerOrderId == takerOrderId && last.Sequence == sequence && last.Price == trade.Price
                && last.LastTradeId == trade.Id - 1)
            {
                last.Quantity += trade.Quantity;
                last.LastTradeId = trade.Id;
                return last.Id;
            }
        }

        // An aggregate is named by its first trade's id: trade ids come from the core and survive restarts, so a
        // restarted server never reissues an aggregate id it already served (ids increase but are not contiguous).
        LastAggregateId = trade.Id;
        _aggregates.Add(new Aggregate
        {
            Id = trade.Id,
            Price = trade.Price,
            Quantity = trade.Quantity,
            FirstTradeId = trade.Id,
            LastTradeId = trade.Id,
            Time = trade.Time,
            IsBuyerMaker = trade.IsBuyerMaker,
            TakerOrderId = takerOrderId,
            Sequence = sequence,
        });
        return LastAggregateId;
    }

    /// <summary>The last <paramref name="limit"/> trades, oldest first.</summary>
    public Trade[] Recent(int limit)
    {
        var n = Math.Clamp(limit, 0, _trades.Count);
        return CopyTrades(_trades.Count - n, n);
    }

    /// <summary>Trades from id <paramref name="fromId"/> on (from the oldest kept if it is older), oldest first.</summary>
    public Trade[] From(long fromId, int limit)
    {
        int low = 0, high = _trades.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_trades[mid].Id < fromId)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return CopyTrades(low, Math.Clamp(limit, 0, _trades.Count - low));
    }

    /// <summary>
    /// Aggregates as Binance's <c>aggTrades</c> selects them: from <paramref name="fromId"/>, else from
    /// <paramref name="startTime"/>, else the most recent ones up to <paramref name="endTime"/>; never past
    /// <paramref name="endTime"/>; oldest first.
    /// </summary>
    public AggregateTrade[] Aggregates(long? fromId, long? startTime, long? endTime, int limit)
    {
        limit = Math.Max(limit, 0);
        var end = endTime ?? long.MaxValue;
        int first;
        if (fromId is not null || startTime is not null)
        {
            first = fromId is not null ? LowerBoundById(fromId.Value) : LowerBoundByTime(startTime!.Value);
        }
        else
        {
            // The most recent ones at or before the end.
            var stop = LowerBoundByTime(end == long.MaxValue ? end : end + 1);
            first = Math.Max(0, stop - limit);
        }

        var count = 0;
        while (count < limit && first + count < _aggregates.Count && _aggregates[first + count].Time <= end)
        {
            count++;
        }

        var result = new AggregateTrade[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = _aggregates[first + i].ToAggregateTrade();
        }

        return result;
    }

    private int LowerBoundById(long id)
    {
        int low = 0, high = _aggregates.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_aggregates[mid].Id < id)
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

    /// <summary>The first aggregate at or after <paramref name="time"/> (the count if none).</summary>
    private int LowerBoundByTime(long time)
    {
        int low = 0, high = _aggregates.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_aggregates[mid].Time < time)
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

    private Trade[] CopyTrades(int start, int count)
    {
        var result = new Trade[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = _trades[start + i];
        }

        return result;
    }

    private struct Aggregate
    {
        public long Id;
        public long Price;
        public long Quantity;
        public long FirstTradeId;
        public long LastTradeId;
        public long Time;
        public bool IsBuyerMaker;
        public long TakerOrderId;
        public long Sequence;

        public readonly AggregateTrade ToAggregateTrade() => new(Id, Price, Quantity, FirstTradeId, LastTradeId, Time, IsBuyerMaker);
    }
}
