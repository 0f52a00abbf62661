using System.Collections.Frozen;
using Bourse.Api.Binance;
using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Engine;
using Bourse.Server.Engine;
using Bourse.Trading;

namespace Bourse.Server.Views;

/// <summary>One market as the API needs it: its spec, status and assets.</summary>
public sealed record MarketInfo(MarketSpec Spec, MarketStatus Status, AssetSpec Base, AssetSpec Quote)
{
    /// <summary>The market as the Binance wire formats read it.</summary>
    public BinanceMarket ToBinance() => new(Spec, Base, Quote) { Status = Status };
}

/// <summary>
/// Assets and markets for request threads, as an immutable snapshot swapped whole. Loaded from the recovered core at
/// start; when the engine reports a reference-data change the view reloads itself through a query, off the engine
/// thread (such changes are rare, so a few milliseconds of staleness are fine).
/// </summary>
public sealed class ReferenceDataView(EngineHost host) : IEventSubscriber, IMarketDirectory
{
    private Snapshot _current = Snapshot.Empty;
    private int _reloading;

    public IReadOnlyList<MarketInfo> Markets => _current.Markets;

    public IReadOnlyList<AssetSpec> Assets => _current.Assets;

    public MarketInfo? FindMarket(string symbol) => _current.BySymbol.GetValueOrDefault(symbol);

    public MarketInfo? FindMarket(int marketId) => _current.ById.GetValueOrDefault(marketId);

    /// <summary>The trading intake's view of a market: the same spec, assets and status.</summary>
    TradingMarket? IMarketDirectory.FindMarket(string symbol) =>
        FindMarket(symbol) is { } m ? new TradingMarket(m.Spec, m.Base, m.Quote, m.Status) : null;

    public AssetSpec? FindAsset(int assetId) => _current.AssetsById.GetValueOrDefault(assetId);

    public void Initialize(ExchangeCore core) => _current = Snapshot.Of(core);

    public void OnEvents(ReadOnlySpan<Event> events)
    {
        foreach (ref readonly var e in events)
        {
            if (e.Type is EventType.AssetCreated or EventType.MarketCreated or EventType.MarketUpdated or EventType.MarketStatusChanged)
            {
                ScheduleReload();
                return;
            }
        }
    }

    /// <summary>Reloads now and waits for it; used by tests and after seeding.</summary>
    public async Task ReloadAsync()
    {
        _current = await host.Engine.QueryAsync(Snapshot.Of).ConfigureAwait(false);
    }

    private void ScheduleReload()
    {
        if (Interlocked.Exchange(ref _reloading, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                // Queries wait for durability; the engine thread must not wait for its own query.
                await Task.Yield();
                Volatile.Write(ref _reloading, 0);
                await ReloadAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The engine is stopping.
            }
        });
    }

    private sealed record Snapshot(
        IReadOnlyList<MarketInfo> Markets,
        IReadOnlyList<AssetSpec> Assets,
        FrozenDictionary<string, MarketInfo> BySymbol,
        FrozenDictionary<int, MarketInfo> ById,
        FrozenDictionary<int, AssetSpec> AssetsById)
    {
        public static Snapshot Empty { get; } = new([], [], FrozenDictionary<string, MarketInfo>.Empty,
            FrozenDictionary<int, MarketInfo>.Empty, FrozenDictionary<int, AssetSpec>.Empty);

        public static Snapshot Of(ExchangeCore core)
        {
            var assets = core.Assets.ToList();
            var markets = core.Markets
                .Select(m => new MarketInfo(m.Spec, m.Status, core.GetAsset(m.Spec.BaseAssetId)!, core.GetAsset(m.Spec.QuoteAssetId)!))
                .ToList();
            return new Snapshot(markets, assets, markets.ToFrozenDictionary(m => m.Spec.Symbol, StringComparer.Ordinal),
                markets.ToFrozenDictionary(m => m.Spec.Id), assets.ToFrozenDictionary(a => a.Id));
        }
    }
}
