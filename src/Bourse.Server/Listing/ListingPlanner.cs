using System.Text.RegularExpressions;
using Bourse.Api.Binance;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Server.Listing;

/// <summary>
/// Diffs a listing document against the exchange: every entry is checked first (all or nothing — one bad entry and
/// nothing is planned), then each becomes a create, an update, a status change or nothing. Planning reads a
/// <see cref="ListingState"/> and changes nothing. What a document cannot do is an error: change an asset's scale, a
/// market's assets, tick or lot size, reopen a delisted market, or delete anything (absent means left alone).
/// </summary>
public static partial class ListingPlanner
{
    private const int MaxMarketId = 65_535;
    private const int DefaultBandPpm = 100_000;

    // \z, not $: a $ would also match before a final newline, letting "BTC\n" through.
    [GeneratedRegex(@"^[A-Z0-9]{1,16}\z")]
    private static partial Regex AssetCode();

    [GeneratedRegex(@"^[A-Z0-9]{1,32}\z")]
    private static partial Regex MarketSymbol();

    public static (ListingPlan? Plan, IReadOnlyList<ListingError> Errors) Plan(ListingDocument document, ListingState state)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(state);
        var errors = new List<ListingError>();
        var changes = new List<ListingChange>();
        var commands = new List<Command>();
        var unchanged = 0;

        // Assets the markets may name: those listed, then those the document creates.
        var assets = state.Assets.ToDictionary(a => a.Spec.Code, a => a.Spec, StringComparer.Ordinal);
        var nextAssetId = state.Assets.Select(a => a.Spec.Id).DefaultIfEmpty(0).Max() + 1;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, i) in (document.Assets ?? []).Select((a, i) => (a, i)))
        {
            var name = $"assets[{i}]" + (entry?.Code is { } c ? $" ({c})" : "");
            if (entry is null || entry.Code is null || !AssetCode().IsMatch(entry.Code))
            {
                errors.Add(new(name, "code must be 1 to 16 capital letters or digits"));
                continue;
            }

            if (!seen.Add(entry.Code))
            {
                errors.Add(new(name, "the asset is listed twice"));
                continue;
            }

            var displayName = entry.Name ?? entry.Code;
            if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > AssetStatus.MaxNameLength || displayName.Any(char.IsControl))
            {
                errors.Add(new(name, $"name must be 1 to {AssetStatus.MaxNameLength} printable characters"));
                continue;
            }

            var suspensions = (entry.DepositsEnabled == false ? AssetSuspensions.Deposits : AssetSuspensions.None)
                | (entry.WithdrawalsEnabled == false ? AssetSuspensions.Withdrawals : AssetSuspensions.None);
            var desired = new AssetStatus(displayName == entry.Code ? null : displayName, suspensions);
            var existing = state.FindAsset(entry.Code);
            if (existing is not null)
            {
                if (entry.Scale is { } scale && scale != existing.Spec.Scale)
                {
                    errors.Add(new(name, $"scale cannot change ({existing.Spec.Scale} → {scale}): every balance and order is counted in it"));
                    continue;
                }

                if (existing.Status == desired)
                {
                    unchanged++;
                    continue;
                }

                commands.Add(Command.SetAssetStatus(existing.Spec.Id, desired.Name, desired.Suspensions));
                changes.Add(new("asset", entry.Code, "update", existing.ToListed(), new AssetState(existing.Spec, desired).ToListed()));
                continue;
            }

            if (entry.Scale is not { } newScale || newScale is < 0 or > DecimalUnits.MaxScale)
            {
                errors.Add(new(name, $"scale must be 0 to {DecimalUnits.MaxScale} decimals"));
                continue;
            }

            if (nextAssetId > AssetStatus.MaxAssetId)
            {
                errors.Add(new(name, "no asset id is left"));
                continue;
            }

            var spec = new AssetSpec(nextAssetId++, entry.Code, newScale);
            assets[spec.Code] = spec;
            commands.Add(Command.CreateAsset(spec));
            if (desired != default)
            {
                commands.Add(Command.SetAssetStatus(spec.Id, desired.Name, desired.Suspensions));
            }

            changes.Add(new("asset", spec.Code, "create", null, new AssetState(spec, desired).ToListed()));
        }

        var nextMarketId = state.Markets.Select(m => m.Spec.Id).DefaultIfEmpty(0).Max() + 1;
        seen.Clear();
        foreach (var (entry, i) in (document.Markets ?? []).Select((m, i) => (m, i)))
        {
            var name = $"markets[{i}]" + (entry?.Symbol is { } s ? $" ({s})" : "");
            var problems = new List<string>();
            var market = entry is null ? null : ReadMarket(entry, state, assets, problems);
            if (entry is not null && entry.Symbol is not null && !seen.Add(entry.Symbol))
            {
                problems.Add("the market is listed twice");
            }

            if (market is null || problems.Count > 0)
            {
                errors.AddRange((problems.Count > 0 ? problems : ["a market needs a symbol"]).Select(p => new ListingError(name, p)));
                continue;
            }

            var (spec, status, baseAsset, quoteAsset) = market.Value;
            var existing = state.FindMarket(spec.Symbol);
            if (existing is null)
            {
                if (status == MarketStatus.Delisted)
                {
                    errors.Add(new(name, "a new market cannot be listed as DELISTED"));
                    continue;
                }

                if (nextMarketId > MaxMarketId)
                {
                    errors.Add(new(name, "no market id is left"));
                    continue;
                }

                spec = spec with { Id = nextMarketId++ };
                commands.Add(Command.CreateMarket(spec));
                if (status is { } initial && initial != MarketStatus.Trading)
                {
                    commands.Add(Command.SetMarketStatus(spec.Id, initial));
                }

                changes.Add(new("market", spec.Symbol, "create", null, new MarketState(spec, status ?? MarketStatus.Trading, baseAsset, quoteAsset).ToListed()));
                continue;
            }

            spec = spec with { Id = existing.Spec.Id, MaxIcebergParts = existing.Spec.MaxIcebergParts };
            if (spec.TickSize != existing.Spec.TickSize || spec.LotSize != existing.Spec.LotSize)
            {
                errors.Add(new(name, "tickSize and lotSize cannot change: resting orders were priced on them"));
                continue;
            }

            if (existing.Status == MarketStatus.Delisted && (spec != existing.Spec || status is not (null or MarketStatus.Delisted)))
            {
                errors.Add(new(name, "the market is delisted, which is final: it takes no status or filter change"));
                continue;
            }

            var specChanged = spec != existing.Spec;
            var statusChanged = status is { } target && target != existing.Status;
            if (!specChanged && !statusChanged)
            {
                unchanged++;
                continue;
            }

            if (specChanged)
            {
                commands.Add(Command.UpdateMarket(spec));
                changes.Add(new("market", spec.Symbol, "update", existing.ToListed(), (existing with { Spec = spec }).ToListed()));
            }

            if (statusChanged)
            {
                commands.Add(status == MarketStatus.Delisted ? Command.DelistMarket(spec.Id) : Command.SetMarketStatus(spec.Id, status!.Value));
                changes.Add(new("market", spec.Symbol, "status", new MarketStatusView(ListingStatuses.NameOf(existing.Status)),
                    new MarketStatusView(ListingStatuses.NameOf(status!.Value))));
            }
        }

        var tiers = new HashSet<int>();
        foreach (var (entry, i) in (document.FeeTiers ?? []).Select((t, i) => (t, i)))
        {
            var name = $"feeTiers[{i}]" + (entry?.Tier is { } t ? $" ({t})" : "");
            if (entry?.Tier is not { } tier || tier is < 0 or > ListingRates.MaxFeeTier)
            {
                errors.Add(new(name, $"tier must be 0 to {ListingRates.MaxFeeTier}"));
                continue;
            }

            if (!tiers.Add(tier))
            {
                errors.Add(new(name, "the tier is listed twice"));
                continue;
            }

            var bad = false;
            foreach (var (field, text) in new[] { ("makerRate", entry.MakerRate), ("takerRate", entry.TakerRate) })
            {
                if (!ListingRates.TryParse(text, out var rate) || rate > FeeTier.MaxPpm)
                {
                    errors.Add(new(name, $"{field} must be a fraction from 0 to 0.1 with at most 6 decimals"));
                    bad = true;
                }
            }

            if (bad)
            {
                continue;
            }

            ListingRates.TryParse(entry.MakerRate, out var maker);
            ListingRates.TryParse(entry.TakerRate, out var taker);
            var rates = new FeeTier(maker, taker);
            var before = state.FeeTiers.TryGetValue(tier, out var current) ? current : (FeeTier?)null;
            if (before == rates)
            {
                unchanged++;
                continue;
            }

            commands.Add(Command.SetFeeTier(tier, maker, taker));
            changes.Add(new("feeTier", tier.ToString(System.Globalization.CultureInfo.InvariantCulture), before is null ? "create" : "update",
                before is { } b ? FeeTierView.Of(tier, b) : null, FeeTierView.Of(tier, rates)));
        }

        return errors.Count > 0 ? (null, errors) : (new ListingPlan(changes, unchanged) { Commands = commands }, []);
    }

    /// <summary>A market entry as a spec (id 0: assigned later) and status; every problem found is added to <paramref name="problems"/>.</summary>
    private static (MarketSpec Spec, MarketStatus? Status, AssetSpec Base, AssetSpec Quote)? ReadMarket(
        ListedMarket entry, ListingState state, Dictionary<string, AssetSpec> assets, List<string> problems)
    {
        if (entry.Symbol is null || !MarketSymbol().IsMatch(entry.Symbol))
        {
            problems.Add("symbol must be 1 to 32 capital letters or digits");
            return null;
        }

        var existing = state.FindMarket(entry.Symbol);
        var baseAsset = Resolve(entry.BaseAsset, "baseAsset", assets, problems);
        var quoteAsset = Resolve(entry.QuoteAsset, "quoteAsset", assets, problems);
        MarketStatus? status = null;
        if (entry.Status is not null && (status = ListingStatuses.Parse(entry.Status)) is null)
        {
            problems.Add("status must be TRADING, HALTED, CANCEL_ONLY or DELISTED");
        }

        if (baseAsset is null || quoteAsset is null)
        {
            return null;
        }

        if (baseAsset.Id == quoteAsset.Id)
        {
            problems.Add("baseAsset and quoteAsset must differ");
            return null;
        }

        if (existing is not null && (existing.Spec.BaseAssetId != baseAsset.Id || existing.Spec.QuoteAssetId != quoteAsset.Id))
        {
            problems.Add($"a market's assets cannot change (it trades {existing.Base.Code}/{existing.Quote.Code})");
            return null;
        }

        var tick = Units(entry.TickSize, "tickSize", quoteAsset, required: true, problems);
        var lot = Units(entry.LotSize, "lotSize", baseAsset, required: true, problems);
        var minQuantity = Units(entry.MinQuantity, "minQuantity", baseAsset, required: true, problems);
        var maxQuantity = Units(entry.MaxQuantity, "maxQuantity", baseAsset, required: true, problems);
        var minNotional = Units(entry.MinNotional, "minNotional", quoteAsset, required: true, problems);
        var maxNotional = Units(entry.MaxNotional, "maxNotional", quoteAsset, required: false, problems);
        var minPrice = Units(entry.MinPrice, "minPrice", quoteAsset, required: false, problems);
        var maxPrice = Units(entry.MaxPrice, "maxPrice", quoteAsset, required: false, problems);
        var band = DefaultBandPpm;
        if (entry.MarketOrderBand is not null && !ListingRates.TryParse(entry.MarketOrderBand, out band))
        {
            problems.Add("marketOrderBand must be a fraction above 0 and below 1 with at most 6 decimals");
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var spec = new MarketSpec(existing?.Spec.Id ?? 0, entry.Symbol, baseAsset.Id, quoteAsset.Id, tick, lot, minQuantity, maxQuantity,
            minNotional, minPrice, maxPrice, maxNotional, band);
        if (MarketRules.CheckSpec(spec, baseAsset.Scale) is { } problem)
        {
            problems.Add(problem);
            return null;
        }

        return (spec, status, baseAsset, quoteAsset);
    }

    private static AssetSpec? Resolve(string? code, string field, Dictionary<string, AssetSpec> assets, List<string> problems)
    {
        if (code is not null && assets.TryGetValue(code, out var asset))
        {
            return asset;
        }

        problems.Add(code is null ? $"{field} is required" : $"{field} {code} is neither listed nor in the document");
        return null;
    }

    private static long Units(string? text, string field, AssetSpec asset, bool required, List<string> problems)
    {
        if (text is null)
        {
            if (required)
            {
                problems.Add($"{field} is required");
            }

            return 0;
        }

        switch (DecimalUnits.TryParse(text, asset.Scale, out var units))
        {
            case DecimalParseStatus.Ok:
                return units;
            case DecimalParseStatus.TooPrecise:
                problems.Add($"{field} has more decimals than {asset.Code}'s {asset.Scale}");
                return 0;
            default:
                problems.Add($"{field} must be a decimal string such as \"0.01\"");
                return 0;
        }
    }
}

/// <summary>A market's status before or after a status change.</summary>
public sealed record MarketStatusView(string Status);

/// <summary>A fee tier as the admin API answers it.</summary>
public sealed record FeeTierView(int Tier, string MakerRate, string TakerRate)
{
    public static FeeTierView Of(int tier, FeeTier rates) => new(tier, ListingRates.Format(rates.MakerPpm), ListingRates.Format(rates.TakerPpm));
}
