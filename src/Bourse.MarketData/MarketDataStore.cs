using System.Collections.ObjectModel;
using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.MarketData.Books;

namespace Bourse.MarketData;

/// <summary>
/// The exchange's public market data — books, trades, tickers, klines — built from the engine's events, with no
/// I/O and no clock but the events' timestamps.
/// <para>
/// One writer calls <see cref="Apply"/> with the events of whole commands, in order (the engine thread, from its
/// event subscriber). Any number of threads read through <see cref="MarketView"/>. Each market has its own lock;
/// the writer holds it for one command's events at a time and readers only long enough to copy, so a reader sees a
/// market as of a command boundary and never holds the writer up for long.
/// </para>
/// </summary>
public sealed class MarketDataStore(MarketDataOptions? options = null)
{
    private readonly Lock _registryLock = new();
    private readonly Dictionary<int, AssetSpec> _assets = [];
    private MarketView?[] _byId = new MarketView?[16];
    private ReadOnlyCollection<MarketView> _listed = [];
    private Dictionary<string, MarketView> _bySymbol = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MarketView> _pending = [];
    private int _pendingCount;
    private long _clock;
    private int _drainedCadences;

    // Writer-only.
    private readonly List<MarketView> _entered = [];
    private readonly List<MarketView> _changed = [];
    private long _writerClock;

    public MarketDataOptions Options { get; } = options ?? new MarketDataOptions();

    /// <summary>The latest event time applied (Unix ms): "now" for rolling windows and open klines.</summary>
    public long Clock => Volatile.Read(ref _clock);

    /// <summary>Listed markets (those whose spec is known), in id order.</summary>
    public IReadOnlyList<MarketView> Markets
    {
        get
        {
            ListPending();
            return Volatile.Read(ref _listed);
        }
    }

    public MarketView? GetMarket(int id)
    {
        ListPending();
        var views = Volatile.Read(ref _byId);
        return id >= 0 && id < views.Length && views[id] is { IsListed: true } view ? view : null;
    }

    /// <summary>A listed market by symbol, in any case (streams name symbols in lower case).</summary>
    public MarketView? GetMarket(string symbol)
    {
        ListPending();
        return Volatile.Read(ref _bySymbol).GetValueOrDefault(symbol);
    }

    /// <summary>
    /// Lists a market with its spec (recovery, or a market created without <see cref="MarketDataOptions.MarketSpecs"/>).
    /// A market already tracked keeps its data; only its reference data is replaced.
    /// </summary>
    public MarketView AddMarket(MarketSpec spec, AssetSpec baseAsset, AssetSpec quoteAsset)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(baseAsset);
        ArgumentNullException.ThrowIfNull(quoteAsset);
        if (spec.BaseAssetId != baseAsset.Id || spec.QuoteAssetId != quoteAsset.Id)
        {
            throw new ArgumentException($"Market {spec.Symbol} trades assets {spec.BaseAssetId}/{spec.QuoteAssetId}, not {baseAsset.Id}/{quoteAsset.Id}.");
        }

        lock (_registryLock)
        {
            _assets[baseAsset.Id] = baseAsset;
            _assets[quoteAsset.Id] = quoteAsset;
            var view = GetOrCreateLocked(spec.Id);
            List(view, new MarketListing(spec, baseAsset, quoteAsset));
            return view;
        }
    }

    /// <summary>
    /// Lists every market of a recovered core and, for each market whose events this store has not followed, starts
    /// its book and last price from the core's state. Call on the writer's thread before any event (from the engine
    /// subscriber's <c>Initialize</c>); the core is read only during the call.
    /// </summary>
    public void Initialize(ExchangeCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        foreach (var market in core.Markets)
        {
            var spec = market.Spec;
            var view = AddMarket(spec, core.GetAsset(spec.BaseAssetId)!, core.GetAsset(spec.QuoteAssetId)!);
            view.Seed(market);
        }
    }

    /// <summary>
    /// Applies the events of whole commands, in order. Cheap by design — it runs on the engine thread: no
    /// allocation per event beyond what the views keep, and a lock per market held for one command at a time.
    /// </summary>
    public void Apply(ReadOnlySpan<Event> events)
    {
        // Read once, so a diff never holds part of a command.
        var cadences = Volatile.Read(ref _drainedCadences);
        var sequence = long.MinValue;
        try
        {
            foreach (ref readonly var e in events)
            {
                if (e.Sequence != sequence)
                {
                    EndCommand();
                    sequence = e.Sequence;
                }

                if (e.Timestamp > _writerClock)
                {
                    _writerClock = e.Timestamp;
                }

                switch (e.Type)
                {
                    case EventType.BookLevelChanged:
                        Enter(e.MarketId).ApplyBookLevel(in e, cadences);
                        break;
                    case EventType.Trade:
                        Enter(e.MarketId).ApplyTrade(in e);
                        break;
                    case EventType.AssetCreated:
                        lock (_registryLock)
                        {
                            _assets[e.AssetId] = new AssetSpec(e.AssetId, e.Reference ?? string.Empty, (int)e.Amount);
                        }

                        break;
                    case EventType.MarketCreated or EventType.MarketUpdated:
                        Register(e.MarketId);
                        break;
                }
            }
        }
        finally
        {
            EndCommand();
        }

        ListPending();
        Notify();
    }

    /// <summary>
    /// Takes, for every listed market, the book diff accumulated since the last drain of <paramref name="cadence"/>:
    /// one <see cref="DepthUpdate"/> per market that changed (two or more only when depth snapshots were taken in
    /// between, so that each snapshot's id is a diff boundary). Call every 1000 ms or 100 ms from the stream layer;
    /// serialize each update once and send it to all its subscribers. Diffs accumulate from the first drain on.
    /// </summary>
    public IReadOnlyList<DepthUpdate> DrainDepthUpdates(DepthCadence cadence)
    {
        var bit = 1 << (int)cadence;
        if ((Volatile.Read(ref _drainedCadences) & bit) == 0)
        {
            Interlocked.Or(ref _drainedCadences, bit);
        }

        var updates = new List<DepthUpdate>();
        foreach (var view in Markets)
        {
            view.DrainDepthUpdates(cadence, updates);
        }

        return updates;
    }

    private MarketView Enter(int marketId)
    {
        for (var i = _entered.Count - 1; i >= 0; i--)
        {
            if (_entered[i].Id == marketId)
            {
                return _entered[i];
            }
        }

        var views = Volatile.Read(ref _byId);
        var view = marketId >= 0 && marketId < views.Length ? views[marketId] : null;
        if (view is null)
        {
            // A market this store never heard of (it started after the market was created): track it unlisted.
            lock (_registryLock)
            {
                view = GetOrCreateLocked(marketId);
            }
        }

        view.EnterWriter();
        _entered.Add(view);
        if (!view.AwaitsNotice)
        {
            view.AwaitsNotice = true;
            _changed.Add(view);
        }

        return view;
    }

    private void EndCommand()
    {
        for (var i = 0; i < _entered.Count; i++)
        {
            _entered[i].ExitWriter();
        }

        _entered.Clear();
        if (_writerClock > _clock)
        {
            Volatile.Write(ref _clock, _writerClock);
        }
    }

    private void Notify()
    {
        var listener = Options.Listener;
        for (var i = 0; i < _changed.Count; i++)
        {
            var view = _changed[i];
            view.AwaitsNotice = false;
            var changes = view.TakeChanges();
            if (listener is not null && view.IsListed && (changes.HasTrades || changes.BookChanged))
            {
                listener.OnMarketChanged(view, changes);
            }
        }

        _changed.Clear();
    }

    private void Register(int marketId)
    {
        var spec = Options.MarketSpecs?.Invoke(marketId);
        lock (_registryLock)
        {
            var view = GetOrCreateLocked(marketId);
            if (!TryList(view, spec) && !view.IsListed && !view.AwaitsSpec)
            {
                // The spec source may learn of the market a little later (it may reload off the engine thread).
                view.AwaitsSpec = true;
                _pending.Add(view);
                Volatile.Write(ref _pendingCount, _pending.Count);
            }
        }
    }

    /// <summary>Asks again for the specs of created markets not listed yet; nothing to do in the usual case.</summary>
    private void ListPending()
    {
        if (Volatile.Read(ref _pendingCount) == 0 || Options.MarketSpecs is not { } specs)
        {
            return;
        }

        MarketView[] pending;
        lock (_registryLock)
        {
            pending = [.. _pending];
        }

        foreach (var view in pending)
        {
            var spec = specs(view.Id);
            lock (_registryLock)
            {
                TryList(view, spec);
            }
        }
    }

    /// <summary>Lists <paramref name="view"/> with <paramref name="spec"/> if the spec and its assets are known (under the registry lock).</summary>
    private bool TryList(MarketView view, MarketSpec? spec)
    {
        if (spec is null || spec.Id != view.Id || !_assets.TryGetValue(spec.BaseAssetId, out var baseAsset)
            || !_assets.TryGetValue(spec.QuoteAssetId, out var quoteAsset))
        {
            return false;
        }

        List(view, new MarketListing(spec, baseAsset, quoteAsset));
        return true;
    }

    private MarketView GetOrCreateLocked(int marketId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(marketId);
        var views = _byId;
        if (marketId < views.Length && views[marketId] is { } existing)
        {
            return existing;
        }

        if (marketId >= views.Length)
        {
            var grown = new MarketView?[Math.Max(marketId + 1, views.Length * 2)];
            Array.Copy(views, grown, views.Length);
            views = grown;
        }

        var view = new MarketView(this, marketId);
        views[marketId] = view;
        Volatile.Write(ref _byId, views);
        return view;
    }

    /// <summary>Publishes a market's reference data, and the market itself if it was not listed yet.</summary>
    private void List(MarketView view, MarketListing listing)
    {
        var wasListed = view.IsListed;
        view.SetListing(listing);
        if (view.AwaitsSpec)
        {
            view.AwaitsSpec = false;
            _pending.Remove(view);
            Volatile.Write(ref _pendingCount, _pending.Count);
        }

        if (wasListed)
        {
            return;
        }

        var listed = new List<MarketView>(_listed.Count + 1);
        var bySymbol = new Dictionary<string, MarketView>(_bySymbol, StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in _byId)
        {
            if (candidate is { IsListed: true })
            {
                listed.Add(candidate);
            }
        }

        bySymbol[listing.Symbol] = view;
        Volatile.Write(ref _bySymbol, bySymbol);
        Volatile.Write(ref _listed, listed.AsReadOnly());
    }
}
