using Bourse.Api.Binance;
using Bourse.Core;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Server.Listing;

/// <summary>An asset as the exchange holds it: its spec, display name and suspensions.</summary>
public sealed record AssetState(AssetSpec Spec, AssetStatus Status)
{
    public string Name => Status.Name ?? Spec.Code;

    public bool DepositsEnabled => (Status.Suspensions & AssetSuspensions.Deposits) == 0;

    public bool WithdrawalsEnabled => (Status.Suspensions & AssetSuspensions.Withdrawals) == 0;

    public ListedAsset ToListed() => new(Spec.Code, Name, Spec.Scale, DepositsEnabled, WithdrawalsEnabled);
}

/// <summary>A market as the exchange holds it.</summary>
public sealed record MarketState(MarketSpec Spec, MarketStatus Status, AssetSpec Base, AssetSpec Quote)
{
    /// <summary>Every field filled in, as GET /markets answers and as a document would say it.</summary>
    public ListedMarket ToListed() => new(
        Spec.Symbol, Base.Code, Quote.Code, ListingStatuses.NameOf(Status),
        Quoted(Spec.TickSize), Based(Spec.LotSize), Based(Spec.MinQuantity), Based(Spec.MaxQuantity),
        Quoted(Spec.MinNotional), Spec.MaxNotional == 0 ? null : Quoted(Spec.MaxNotional),
        Quoted(Spec.MinPrice), Spec.MaxPrice == 0 ? null : Quoted(Spec.MaxPrice),
        ListingRates.Format(Spec.MarketOrderBandPpm));

    private string Quoted(long units) => DecimalUnits.FormatTrimmed(units, Quote.Scale);

    private string Based(long units) => DecimalUnits.FormatTrimmed(units, Base.Scale);
}

/// <summary>
/// What the listing can change, read from the core in one engine query: a consistent picture to plan against.
/// </summary>
public sealed record ListingState(IReadOnlyList<AssetState> Assets, IReadOnlyList<MarketState> Markets, IReadOnlyDictionary<int, FeeTier> FeeTiers)
{
    public static ListingState Of(ExchangeCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        var assets = core.Assets.Select(a => new AssetState(a, core.AssetStatusOf(a.Id))).ToList();
        var markets = core.Markets
            .Select(m => new MarketState(m.Spec, m.Status, core.GetAsset(m.Spec.BaseAssetId)!, core.GetAsset(m.Spec.QuoteAssetId)!))
            .ToList();
        var tiers = new SortedDictionary<int, FeeTier>();
        for (var tier = 0; tier <= ListingRates.MaxFeeTier; tier++)
        {
            if (core.GetFeeTier(tier) is { } rates)
            {
                tiers[tier] = rates;
            }
        }

        return new ListingState(assets, markets, tiers);
    }

    public AssetState? FindAsset(string code) => Assets.FirstOrDefault(a => a.Spec.Code == code);

    public MarketState? FindMarket(string symbol) => Markets.FirstOrDefault(m => m.Spec.Symbol == symbol);
}
