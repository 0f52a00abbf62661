using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.MarketData.Books;
using Bourse.MarketData.Klines;
using Bourse.MarketData.Tickers;
using Bourse.MarketData.Trades;

namespace Bourse.MarketData;

/// <summary>
/// One market's public data: book, trades, aggregate trades, 24 h ticker and klines. The store's writer changes it
/// holding the market's lock for the span of one command's events, so a reader never sees half a command; readers
/// take the same lock only to copy what they return, and every result is an immutable copy.
/// </summary>
public sealed class MarketView
{
    /// <summary>Binance's maximum for <c>klines</c>; filled-in intervals count too, so this bounds the work.</summary>
    public const int MaxKlineLimit = 1_000;

    private readonly Lock _lock = new();
    private readonly MarketDataStore _store;
    private readonly OrderBookView _book;
    private readonly TradeTape _tape;
    private readonly RollingWindow _window = new();
    private readonly KlineSeries[] _klines;
    private MarketListing? _listing;
    private long _lastPrice;

    // Writer-only: what the current Apply call changed, for the listener.
    private long _firstTradeId;
    private long _lastTradeId;
    private long _firstAggregateId;
    private long _lastAggregateId;
    private long _firstUpdateId;
    private long _finalUpdateId;
    private bool _bookTickerChanged;
    private long _eventTime;
    private BookTicker _bookTickerBefore;
    private bool _bookChangedInCommand;

    internal MarketView(MarketDataStore store, int id)
    {
        _store = store;
        Id = id;
        var options = store.Options;
        _book = new OrderBookView(options.DepthChangesKept);
        _tape = new TradeTape(options.TradesKept, options.AggregateTradesKept);
        _klines = new KlineSeries[KlineIntervals.All.Count];
        foreach (var interval in KlineIntervals.All)
        {
            _klines[(int)interval] = new KlineSeries(interval, options.KlinesKept);
        }
    }

    public int Id { get; }

    /// <summary>Spec, assets and scales for formatting; set for every market the store lists.</summary>
    public MarketListing Listing => Volatile.Read(ref _listing)!;

    public string Symbol => Listing.Symbol;

    /// <summary>Price of the last trade (0 before the first), without taking the lock: Binance's <c>ticker/price</c>.</summary>
    public long LastPrice => Volatile.Read(ref _lastPrice);

    internal bool IsListed => Volatile.Read(ref _listing) is not null;

    /// <summary>A <c>MarketCreated</c> event came but the spec source did not know the market yet (registry lock).</summary>
    internal bool AwaitsSpec { get; set; }

    /// <summary>Writer-only: the market is in the list of those to notice at the end of this Apply call.</summary>
    internal bool AwaitsNotice { get; set; }

    /// <summary>
    /// The best <paramref name="limit"/> levels of each side and the update id they are exact for. With
    /// <paramref name="splitDiffs"/> (REST <c>depth</c>), the pending stream diffs end at that id, so the next diff of
    /// every cadence starts right after it, as python-binance requires (<c>U == lastUpdateId + 1</c>); partial-book
    /// streams, which no client syncs a diff stream from, pass false to keep one diff per tick.
    /// </summary>
    public DepthSnapshot GetDepth(int limit, bool splitDiffs = true)
    {
        lock (_lock)
        {
            if (splitDiffs)
            {
                _book.CutDiffs();
            }

            return new DepthSnapshot(_book.LastUpdateId, _book.Bids.Top(limit), _book.Asks.Top(limit));
        }
    }

    public BookTicker GetBookTicker()
    {
        lock (_lock)
        {
            return CurrentBookTicker();
        }
    }

    /// <summary>
    /// The per-command diffs after book update <paramref name="afterUpdateId"/>, one per command (U = u), from the
    /// kept change log; false when some of them are no longer kept (the reader must take a new snapshot).
    /// </summary>
    public bool TryGetDepthUpdates(long afterUpdateId, out IReadOnlyList<DepthUpdate> updates)
    {
        var changes = new List<LevelChange>();
        lock (_lock)
        {
            if (!_book.TryCopyChangesAfter(afterUpdateId, changes))
            {
                updates = [];
                return false;
            }
        }

        var result = new List<DepthUpdate>();
        var bids = new List<BookLevel>();
        var asks = new List<BookLevel>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            (change.Side == Side.Buy ? bids : asks).Add(new BookLevel(change.Price, change.Quantity));
            if (i + 1 == changes.Count || changes[i + 1].UpdateId != change.UpdateId)
            {
                result.Add(new DepthUpdate(Id, Symbol, change.UpdateId, change.UpdateId, change.Time, [.. bids], [.. asks]));
                bids.Clear();
                asks.Clear();
            }
        }

        updates = result;
        return true;
    }

    /// <summary>The last <paramref name="limit"/> trades kept, oldest first.</summary>
    public IReadOnlyList<Trade> GetRecentTrades(int limit)
    {
        lock (_lock)
        {
            return _tape.Recent(limit);
        }
    }

    /// <summary>Trades from id <paramref name="fromId"/> on (the recent ones when null), oldest first, over what is kept.</summary>
    public IReadOnlyList<Trade> GetHistoricalTrades(long? fromId, int limit)
    {
        lock (_lock)
        {
            return fromId is { } id ? _tape.From(id, limit) : _tape.Recent(limit);
        }
    }

    /// <summary>
    /// Aggregate trades as Binance's <c>aggTrades</c> selects them (from an id, else from a start time, else the
    /// most recent; never after the end time), oldest first, over what is kept.
    /// </summary>
    public IReadOnlyList<AggregateTrade> GetAggregateTrades(long? fromId = null, long? startTime = null, long? endTime = null, int limit = 500)
    {
        lock (_lock)
        {
            return _tape.Aggregates(fromId, startTime, endTime, limit);
        }
    }

    /// <summary>Rolling 24 h statistics as of the store's clock, with the best bid and ask.</summary>
    public Ticker24h GetTicker()
    {
        lock (_lock)
        {
            return _window.Ticker(Now(), _book.Bids.Best, _book.Asks.Best);
        }
    }

    public MiniTicker GetMiniTicker() => GetTicker().ToMini();

    /// <summary>Binance's <c>avgPrice</c> as of the store's clock.</summary>
    public AveragePrice GetAveragePrice()
    {
        lock (_lock)
        {
            return _window.Average(Now());
        }
    }

    /// <summary>
    /// Klines as Binance's <c>klines</c> selects them over what is kept (from a start time, else the most recent up
    /// to the end time or now), oldest first; intervals without trades are included. The last one may be open.
    /// <paramref name="limit"/> is capped at <see cref="MaxKlineLimit"/>.
    /// </summary>
    public IReadOnlyList<Kline> GetKlines(KlineInterval interval, long? startTime = null, long? endTime = null, int limit = 500)
    {
        lock (_lock)
        {
            return _klines[(int)interval].Query(startTime, endTime, Math.Min(limit, MaxKlineLimit), Now());
        }
    }

    internal void SetListing(MarketListing listing) => Volatile.Write(ref _listing, listing);

    internal void EnterWriter()
    {
        _lock.Enter();
        _bookChangedInCommand = false;
    }

    internal void ApplyBookLevel(in Event e, int cadences)
    {
        if (!_bookChangedInCommand)
        {
            _bookChangedInCommand = true;
            _bookTickerBefore = CurrentBookTicker();
        }

        _book.Apply(e.Side, e.Price, e.Quantity, e.BookUpdateId, e.Timestamp, cadences);
        if (_firstUpdateId == 0)
        {
            _firstUpdateId = e.BookUpdateId;
        }

        _finalUpdateId = e.BookUpdateId;
        _eventTime = e.Timestamp;
    }

    internal void ApplyTrade(in Event e)
    {
        var trade = new Trade(e.TradeId, e.LastPrice, e.LastQuantity, e.LastQuote, e.Timestamp, IsBuyerMaker: e.Side == Side.Sell);
        var aggregateId = _tape.Add(trade, e.OrderId, e.Sequence);
        _window.Add(e.Timestamp, e.LastPrice, e.LastQuantity, e.LastQuote, e.TradeId);
        var takerBought = e.Side == Side.Buy;
        foreach (var series in _klines)
        {
            series.Add(e.Timestamp, e.LastPrice, e.LastQuantity, e.LastQuote, e.TradeId, takerBought);
        }

        Volatile.Write(ref _lastPrice, e.LastPrice);
        if (_firstTradeId == 0)
        {
            _firstTradeId = e.TradeId;
        }

        if (_firstAggregateId == 0)
        {
            _firstAggregateId = aggregateId;
        }

        _lastTradeId = e.TradeId;
        _lastAggregateId = aggregateId;
        _eventTime = e.Timestamp;
    }

    internal void ExitWriter()
    {
        if (_bookChangedInCommand && !_bookTickerChanged)
        {
            var now = CurrentBookTicker();
            _bookTickerChanged = now.BidPrice != _bookTickerBefore.BidPrice || now.BidQuantity != _bookTickerBefore.BidQuantity
                || now.AskPrice != _bookTickerBefore.AskPrice || now.AskQuantity != _bookTickerBefore.AskQuantity;
        }

        _lock.Exit();
    }

    /// <summary>Returns and clears what changed since the last call (writer only).</summary>
    internal MarketChanges TakeChanges()
    {
        var changes = new MarketChanges(_firstTradeId, _lastTradeId, _firstAggregateId, _lastAggregateId, _firstUpdateId,
            _finalUpdateId, _bookTickerChanged, _eventTime);
        _firstTradeId = _lastTradeId = _firstAggregateId = _lastAggregateId = _firstUpdateId = _finalUpdateId = _eventTime = 0;
        _bookTickerChanged = false;
        return changes;
    }

    /// <summary>Takes the diffs pending for <paramref name="cadence"/> and adds them to <paramref name="into"/>.</summary>
    internal void DrainDepthUpdates(DepthCadence cadence, List<DepthUpdate> into)
    {
        List<DepthSegment>? segments;
        lock (_lock)
        {
            segments = _book.TakeDiffs(cadence);
        }

        if (segments is null)
        {
            return;
        }

        var symbol = Symbol;
        foreach (var segment in segments)
        {
            into.Add(segment.ToUpdate(Id, symbol));
        }
    }

    /// <summary>Starts from the core's book and last trade when the view has not followed its events (recovery).</summary>
    internal void Seed(Market market)
    {
        lock (_lock)
        {
            if (_book.LastUpdateId != market.BookUpdateId)
            {
                _book.Reset(Levels(market.Bids), Levels(market.Asks), market.BookUpdateId);
            }

            if (market.LastTradeId > 0)
            {
                _window.Seed(market.LastPrice, market.LastTradeId);
                if (LastPrice == 0)
                {
                    Volatile.Write(ref _lastPrice, market.LastPrice);
                }
            }
        }
    }

    private static IEnumerable<BookLevel> Levels(Core.Orders.BookSide side)
    {
        foreach (var level in side.Levels)
        {
            yield return new BookLevel(level.Price, level.VisibleQuantity);
        }
    }

    /// <summary>The store's clock, or this market's last trade if the clock has not caught up with it yet (under the lock).</summary>
    private long Now() => Math.Max(_store.Clock, _window.LastTime);

    private BookTicker CurrentBookTicker()
    {
        var bid = _book.Bids.Best;
        var ask = _book.Asks.Best;
        return new BookTicker(_book.LastUpdateId, bid.Price, bid.Quantity, ask.Price, ask.Quantity);
    }
}
