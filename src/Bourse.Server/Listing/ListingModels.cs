using System.Text.Json.Serialization;

namespace Bourse.Server.Listing;

/// <summary>PUT /assets/{code}: what to change; an absent field stays as it is.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AssetUpdateRequest(string? Name = null, bool? DepositsEnabled = null, bool? WithdrawalsEnabled = null);

/// <summary>PUT /markets/{symbol}: the filters to change; an absent field stays as it is.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MarketUpdateRequest(
    string? TickSize = null,
    string? LotSize = null,
    string? MinQuantity = null,
    string? MaxQuantity = null,
    string? MinNotional = null,
    string? MaxNotional = null,
    string? MinPrice = null,
    string? MaxPrice = null,
    string? MarketOrderBand = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MarketStatusRequest(string? Status, string? Reason);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DelistRequest(string? Reason);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FeeTierRequest(string? MakerRate, string? TakerRate);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UserFeeTierRequest(int? Tier);
