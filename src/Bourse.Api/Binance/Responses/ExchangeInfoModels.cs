using System.Text.Json.Serialization;

namespace Bourse.Api.Binance;

/// <summary>GET /exchangeInfo's answer.</summary>
public sealed record ExchangeInfoResponse(
    string Timezone,
    long ServerTime,
    IReadOnlyList<RateLimitDescriptor> RateLimits,
    IReadOnlyList<BinanceFilter> ExchangeFilters,
    IReadOnlyList<ExchangeInfoSymbol> Symbols);

/// <summary>One symbol of exchangeInfo. CCXT reads precision from the tick and step sizes, activity from <see cref="Status"/>.</summary>
public sealed record ExchangeInfoSymbol
{
    public required string Symbol { get; init; }

    public required string Status { get; init; }

    public required string BaseAsset { get; init; }

    public required int BaseAssetPrecision { get; init; }

    public required string QuoteAsset { get; init; }

    public required int QuotePrecision { get; init; }

    public required int QuoteAssetPrecision { get; init; }

    public required int BaseCommissionPrecision { get; init; }

    public required int QuoteCommissionPrecision { get; init; }

    public required IReadOnlyList<string> OrderTypes { get; init; }

    public required bool IcebergAllowed { get; init; }

    public required bool OcoAllowed { get; init; }

    public required bool OtoAllowed { get; init; }

    public required bool QuoteOrderQtyMarketAllowed { get; init; }

    public required bool AllowTrailingStop { get; init; }

    public required bool CancelReplaceAllowed { get; init; }

    public required bool AmendAllowed { get; init; }

    public required bool IsSpotTradingAllowed { get; init; }

    public required bool IsMarginTradingAllowed { get; init; }

    public required IReadOnlyList<BinanceFilter> Filters { get; init; }

    public required IReadOnlyList<string> Permissions { get; init; }

    public required IReadOnlyList<IReadOnlyList<string>> PermissionSets { get; init; }

    public required string DefaultSelfTradePreventionMode { get; init; }

    public required IReadOnlyList<string> AllowedSelfTradePreventionModes { get; init; }
}

/// <summary>A symbol or exchange filter; <c>filterType</c> names the kind. Numbers are decimal strings.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "filterType")]
[JsonDerivedType(typeof(PriceFilter), "PRICE_FILTER")]
[JsonDerivedType(typeof(LotSizeFilter), "LOT_SIZE")]
[JsonDerivedType(typeof(IcebergPartsFilter), "ICEBERG_PARTS")]
[JsonDerivedType(typeof(MarketLotSizeFilter), "MARKET_LOT_SIZE")]
[JsonDerivedType(typeof(NotionalFilter), "NOTIONAL")]
[JsonDerivedType(typeof(MaxNumOrdersFilter), "MAX_NUM_ORDERS")]
public abstract record BinanceFilter;

public sealed record PriceFilter(string MinPrice, string MaxPrice, string TickSize) : BinanceFilter;

public sealed record LotSizeFilter(string MinQty, string MaxQty, string StepSize) : BinanceFilter;

public sealed record IcebergPartsFilter(int Limit) : BinanceFilter;

public sealed record MarketLotSizeFilter(string MinQty, string MaxQty, string StepSize) : BinanceFilter;

public sealed record NotionalFilter(string MinNotional, bool ApplyMinToMarket, string MaxNotional, bool ApplyMaxToMarket, int AvgPriceMins) : BinanceFilter;

public sealed record MaxNumOrdersFilter(int MaxNumOrders) : BinanceFilter;
