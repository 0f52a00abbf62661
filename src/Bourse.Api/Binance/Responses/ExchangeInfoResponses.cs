using Bourse.Core.Commands;

namespace Bourse.Api.Binance;

/// <summary>Builds exchangeInfo from the markets' reference data.</summary>
public static class ExchangeInfoResponses
{
    /// <summary>The order types Bourse takes, in Binance's order; CCXT refuses locally any type not listed.</summary>
    public static IReadOnlyList<string> OrderTypes { get; } = ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"];

    private static readonly IReadOnlyList<IReadOnlyList<string>> SpotPermissionSets = [["SPOT"]];

    public static ExchangeInfoResponse ExchangeInfo(long serverTime, IEnumerable<BinanceMarket> markets, RateLimitPolicy limits)
    {
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(limits);
        return new ExchangeInfoResponse("UTC", serverTime, limits.Descriptors, [], markets.Select(Symbol).ToList());
    }

    public static ExchangeInfoSymbol Symbol(BinanceMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        return new ExchangeInfoSymbol
        {
            Symbol = market.Symbol,
            Status = WireEnums.MarketStatus.NameOf(market.Status),
            BaseAsset = market.Base.Code,
            BaseAssetPrecision = market.Base.Scale,
            QuoteAsset = market.Quote.Code,
            QuotePrecision = market.Quote.Scale,
            QuoteAssetPrecision = market.Quote.Scale,
            BaseCommissionPrecision = market.Base.Scale,
            QuoteCommissionPrecision = market.Quote.Scale,
            OrderTypes = OrderTypes,
            IcebergAllowed = true,
            OcoAllowed = false,
            OtoAllowed = false,
            QuoteOrderQtyMarketAllowed = true,
            AllowTrailingStop = false,
            CancelReplaceAllowed = true,
            AmendAllowed = false,
            IsSpotTradingAllowed = true,
            IsMarginTradingAllowed = false,
            Filters = Filters(market),
            Permissions = [],
            PermissionSets = SpotPermissionSets,
            DefaultSelfTradePreventionMode = WireEnums.SelfTradePrevention.NameOf(market.DefaultSelfTradePrevention),
            AllowedSelfTradePreventionModes = WireEnums.SelfTradePrevention.Names,
        };
    }

    /// <summary>
    /// The symbol's filters. The core's "no limit" (a zero maximum) is shown as the largest value it can represent,
    /// and a zero minimum price as one tick, so every number is a limit the core really applies.
    /// </summary>
    public static IReadOnlyList<BinanceFilter> Filters(BinanceMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var spec = market.Spec;
        var minPrice = Math.Max(spec.MinPrice, spec.TickSize);
        var maxPrice = spec.MaxPrice > 0 ? spec.MaxPrice : long.MaxValue - (long.MaxValue % spec.TickSize);
        var maxNotional = spec.MaxNotional > 0 ? spec.MaxNotional : long.MaxValue;
        var lot = LotSize(market, spec);
        return
        [
            new PriceFilter(market.FormatPrice(minPrice), market.FormatPrice(maxPrice), market.FormatPrice(spec.TickSize)),
            new LotSizeFilter(lot.MinQty, lot.MaxQty, lot.StepSize),
            new IcebergPartsFilter(spec.MaxIcebergParts),
            // Market orders by quantity obey the same lot rules as limit orders in the core.
            new MarketLotSizeFilter(lot.MinQty, lot.MaxQty, lot.StepSize),
            // The core checks the minimum on limit orders and on market orders by quote amount, not on market orders by quantity.
            new NotionalFilter(market.FormatQuote(spec.MinNotional), ApplyMinToMarket: false, market.FormatQuote(maxNotional),
                ApplyMaxToMarket: false, AvgPriceMins: 5),
            new MaxNumOrdersFilter(market.MaxNumOrders),
        ];
    }

    private static LotSizeFilter LotSize(BinanceMarket market, MarketSpec spec) =>
        new(market.FormatQuantity(spec.MinQuantity), market.FormatQuantity(spec.MaxQuantity), market.FormatQuantity(spec.LotSize));
}
