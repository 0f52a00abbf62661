using Bourse.Api.Binance;
using Bourse.Core.Model;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.Responses;

public class ExchangeInfoResponsesTests
{
    [Fact]
    public void A_symbol_shows_its_assets_order_types_and_filters()
    {
        var symbol = ExchangeInfoResponses.Symbol(Market);

        Assert.Equal(
            """{"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","baseAssetPrecision":8,"quoteAsset":"USDT","quotePrecision":8,"quoteAssetPrecision":8,"baseCommissionPrecision":8,"quoteCommissionPrecision":8,"orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS_LIMIT","TAKE_PROFIT_LIMIT"],"icebergAllowed":true,"ocoAllowed":false,"otoAllowed":false,"quoteOrderQtyMarketAllowed":true,"allowTrailingStop":false,"cancelReplaceAllowed":true,"amendAllowed":false,"isSpotTradingAllowed":true,"isMarginTradingAllowed":false,"filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"92233720368.54000000","tickSize":"0.01000000"},{"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},{"filterType":"ICEBERG_PARTS","limit":100},{"filterType":"MARKET_LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},{"filterType":"NOTIONAL","minNotional":"1.00000000","applyMinToMarket":false,"maxNotional":"92233720368.54775807","applyMaxToMarket":false,"avgPriceMins":5},{"filterType":"MAX_NUM_ORDERS","maxNumOrders":1000}],"permissions":[],"permissionSets":[["SPOT"]],"defaultSelfTradePreventionMode":"EXPIRE_MAKER","allowedSelfTradePreventionModes":["NONE","EXPIRE_TAKER","EXPIRE_MAKER","EXPIRE_BOTH"]}""",
            BinanceJson.Serialize(symbol));
    }

    [Fact]
    public void Configured_limits_are_shown_as_they_are()
    {
        var market = new BinanceMarket(Spec with { MinPrice = Units(100), MaxPrice = Units(1_000_000), MaxNotional = Units(5_000_000) }, BtcAsset, UsdtAsset);

        var filters = ExchangeInfoResponses.Filters(market);

        Assert.Equal(new PriceFilter("100.00000000", "1000000.00000000", "0.01000000"), filters.OfType<PriceFilter>().Single());
        Assert.Equal("5000000.00000000", filters.OfType<NotionalFilter>().Single().MaxNotional);
    }

    [Theory]
    [InlineData(MarketStatus.Trading, "TRADING")]
    [InlineData(MarketStatus.Halted, "HALT")]
    [InlineData(MarketStatus.CancelOnly, "BREAK")]
    public void The_status_uses_binances_names(MarketStatus status, string expected)
    {
        Assert.Equal(expected, ExchangeInfoResponses.Symbol(Market with { Status = status }).Status);
    }

    [Fact]
    public void Exchange_info_lists_the_rate_limits_and_every_symbol()
    {
        var info = ExchangeInfoResponses.ExchangeInfo(1_700_000_000_000, [Market], new RateLimitPolicy());

        var json = BinanceJson.Serialize(info);

        Assert.StartsWith(
            """{"timezone":"UTC","serverTime":1700000000000,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100},{"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":200000},{"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000}],"exchangeFilters":[],"symbols":[{"symbol":"BTCUSDT",""",
            json, StringComparison.Ordinal);
    }
}
