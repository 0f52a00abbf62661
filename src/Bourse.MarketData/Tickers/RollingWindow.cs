using Bourse.MarketData.Books;

namespace Bourse.MarketData.Tickers;

/// <summary>
/// A market's trades over the last 24 hours in one bucket per minute, so memory is bounded whatever the trade rate.
/// Totals are kept as trades arrive and buckets expire, so a ticker costs no scan; high and low are rescanned only
/// when the bucket holding one of them expires. Time is event time only. Guarded by the market's lock.
/// </summary>
internal sealed class RollingWindow
{
    public const long MinuteMs = 60_000;

    /// <summary>The current minute and the 1,440 before it: at least 24 h, as Binance's window.</summary>
    private const int WindowMinutes = 1_441;

    private const int AveragePriceMinutes = 5;

    private Bucket[]? _buckets;
    private long _windowStart = long.MinValue;
    private long _oldestMinute = -1;
    private long _count;
    private Int128 _volume;
    private Int128 _quoteVolume;
    private Int128 _notional;
    private long _high;
    private long _low;
    private long _prevClose;

    public long LastPrice { get; private set; }

    public long LastQuantity { get; private set; }

    public long LastTime { get; private set; }

    public long LastTradeId { get; private set; }

    public void Add(long time, long price, long quantity, long quote, long tradeId)
    {
        var minute = Minute(time);
        Advance(minute);
        _buckets ??= new Bucket[WindowMinutes];
        ref var bucket = ref Slot(minute);
        if (bucket.Count == 0)
        {
            bucket = new Bucket { Minute = minute, Open = price, High = price, Low = price, FirstTradeId = tradeId };
            if (_oldestMinute < 0)
            {
                _oldestMinute = minute;
            }
        }

        bucket.High = Math.Max(bucket.High, price);
        bucket.Low = Math.Min(bucket.Low, price);
        bucket.Close = price;
        bucket.Count++;
        bucket.Volume += quantity;
        bucket.QuoteVolume += quote;
        bucket.Notional += (Int128)price * quantity;

        _high = _count == 0 ? price : Math.Max(_high, price);
        _low = _count == 0 ? price : Math.Min(_low, price);
        _count++;
        _volume += quantity;
        _quoteVolume += quote;
        _notional += (Int128)price * quantity;

        LastPrice = price;
        LastQuantity = quantity;
        LastTime = time;
        LastTradeId = tradeId;
    }

    /// <summary>Starts from the core's last trade (recovery without history).</summary>
    public void Seed(long lastPrice, long lastTradeId)
    {
        if (LastTradeId == 0)
        {
            LastPrice = _prevClose = lastPrice;
            LastTradeId = lastTradeId;
        }
    }

    public Ticker24h Ticker(long asOf, BookLevel bid, BookLevel ask)
    {
        var minute = Minute(asOf);
        Advance(minute);
        var openTime = (minute - (WindowMinutes - 1)) * MinuteMs;
        if (_count == 0)
        {
            return new Ticker24h(openTime, asOf, LastPrice, LastPrice, LastPrice, LastPrice, LastQuantity, _prevClose, 0, 0m,
                LastPrice, 0, 0, -1, -1, 0, bid.Price, bid.Quantity, ask.Price, ask.Quantity);
        }

        ref var oldest = ref Slot(_oldestMinute);
        var open = oldest.Open;
        var change = LastPrice - open;
        var percent = open == 0 ? 0m : Math.Round(change * 100m / open, 3, MidpointRounding.AwayFromZero);
        return new Ticker24h(openTime, asOf, open, _high, _low, LastPrice, LastQuantity, _prevClose, change, percent,
            WeightedPrice(_notional, _volume), _volume, _quoteVolume, oldest.FirstTradeId, LastTradeId, _count,
            bid.Price, bid.Quantity, ask.Price, ask.Quantity);
    }

    public AveragePrice Average(long asOf)
    {
        var minute = Minute(asOf);
        Advance(minute);
        Int128 volume = 0, notional = 0;
        if (_count > 0)
        {
            for (var m = minute - AveragePriceMinutes; m <= minute; m++)
            {
                ref var bucket = ref Slot(m);
                if (bucket.Count > 0 && bucket.Minute == m)
                {
                    volume += bucket.Volume;
                    notional += bucket.Notional;
                }
            }
        }

        return new AveragePrice(AveragePriceMinutes, volume == 0 ? LastPrice : WeightedPrice(notional, volume), LastTime);
    }

    /// <summary>Σ price × quantity / Σ quantity, to the nearest smallest quote unit.</summary>
    private static long WeightedPrice(Int128 notional, Int128 volume) => volume == 0 ? 0 : (long)((notional + (volume / 2)) / volume);

    /// <summary>Moves the window's start to <paramref name="minute"/> − 1,440, expiring the buckets before it.</summary>
    private void Advance(long minute)
    {
        var start = minute - (WindowMinutes - 1);
        if (start <= _windowStart)
        {
            return;
        }

        if (_count == 0)
        {
            _windowStart = start;
            return;
        }

        // Every bucket with trades is in [oldest, oldest + window): one turn at most.
        var extremeExpired = false;
        var until = Math.Min(start, _oldestMinute + WindowMinutes);
        for (var m = _oldestMinute; m < until; m++)
        {
            ref var bucket = ref Slot(m);
            if (bucket.Count == 0 || bucket.Minute != m)
            {
                continue;
            }

            _count -= bucket.Count;
            _volume -= bucket.Volume;
            _quoteVolume -= bucket.QuoteVolume;
            _notional -= bucket.Notional;
            _prevClose = bucket.Close;
            extremeExpired |= bucket.High >= _high || bucket.Low <= _low;
            bucket = default;
        }

        _windowStart = start;
        if (_count == 0)
        {
            _oldestMinute = -1;
            return;
        }

        if (_oldestMinute < start)
        {
            _oldestMinute = start;
            while (Slot(_oldestMinute).Count == 0)
            {
                _oldestMinute++;
            }
        }

        if (extremeExpired)
        {
            _high = long.MinValue;
            _low = long.MaxValue;
            foreach (ref readonly var bucket in _buckets.AsSpan())
            {
                if (bucket.Count > 0)
                {
                    _high = Math.Max(_high, bucket.High);
                    _low = Math.Min(_low, bucket.Low);
                }
            }
        }
    }

    private static long Minute(long time)
    {
        var minute = time / MinuteMs;
        return time % MinuteMs < 0 ? minute - 1 : minute;
    }

    private ref Bucket Slot(long minute)
    {
        var index = minute % WindowMinutes;
        return ref _buckets![index < 0 ? index + WindowMinutes : index];
    }

    private struct Bucket
    {
        public long Minute;
        public long Open;
        public long High;
        public long Low;
        public long Close;
        public long FirstTradeId;
        public long Count;
        public Int128 Volume;
        public Int128 QuoteVolume;
        public Int128 Notional;
    }
}
