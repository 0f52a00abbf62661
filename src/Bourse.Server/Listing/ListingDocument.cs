using System.Text.Json.Serialization;

namespace Bourse.Server.Listing;

/// <summary>
/// The listing as code: the assets, markets and fee tiers an exchange should have (<c>deploy/listing.json</c>). What
/// the file leaves out is left alone; what it names is created or brought to what it says. Amounts and rates are
/// decimal strings; a market's filters are in its assets' units.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ListingDocument(
    IReadOnlyList<ListedAsset>? Assets = null,
    IReadOnlyList<ListedMarket>? Markets = null,
    IReadOnlyList<ListedFeeTier>? FeeTiers = null);

/// <summary>An asset: <c>name</c> defaults to the code; deposits and withdrawals are enabled unless the file says otherwise.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ListedAsset(string? Code, string? Name, int? Scale, bool? DepositsEnabled = null, bool? WithdrawalsEnabled = null);

/// <summary>
/// A market. Tick, lot, quantity bounds and the minimum notional are required; no maximum notional or price means
/// none, the market-order band defaults to 0.1 (10 % around the last trade), and no status leaves the status as it is
/// (TRADING for a new market).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ListedMarket(
    string? Symbol,
    string? BaseAsset,
    string? QuoteAsset,
    string? Status = null,
    string? TickSize = null,
    string? LotSize = null,
    string? MinQuantity = null,
    string? MaxQuantity = null,
    string? MinNotional = null,
    string? MaxNotional = null,
    string? MinPrice = null,
    string? MaxPrice = null,
    string? MarketOrderBand = null);

/// <summary>A fee tier's maker and taker rates as fractions of the amount received ("0.001" is 0.1 %).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ListedFeeTier(int? Tier, string? MakerRate, string? TakerRate);
