using Bourse.Core.Commands;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.Server.Portfolio;
using Bourse.Server.Views;

namespace Bourse.Server.Tests.Portfolio;

/// <summary>Valuing holdings: rounding that adds up, allocation that sums to 100, and price routes through the markets.</summary>
public sealed class ValuationTests
{
    private static readonly AssetSpec Btc = new(1, "BTC", 8);
    private static readonly AssetSpec Eth = new(2, "ETH", 8);
    private static readonly AssetSpec Ltc = new(3, "LTC", 8);
    private static readonly AssetSpec Usdt = new(5, "USDT", 2);

    private static MarketInfo Market(int id, AssetSpec baseAsset, AssetSpec quote) =>
        new(new MarketSpec(id, baseAsset.Code + quote.Code, baseAsset.Id, quote.Id, 1, 1, 1, long.MaxValue, 1), MarketStatus.Trading, baseAsset, quote);

    [Fact]
    public void Values_are_rounded_to_the_quote_scale_and_allocation_sums_to_exactly_100()
    {
        // Three equal values: 33.33… each; largest remainder gives the spare hundredth to the first.
        Holding[] holdings = [new(Btc, 100_000_000, 0, 0), new(Eth, 0, 100_000_000, 0), new(Ltc, 0, 0, 100_000_000), new(Usdt, 500, 0, 0)];
        var prices = new Dictionary<int, decimal?> { [Btc.Id] = 10.005m, [Eth.Id] = 10.005m, [Ltc.Id] = 10.005m, [Usdt.Id] = null };

        var valuation = Valuation.Of(holdings, Usdt, id => prices[id]);

        Assert.Equal([10.00m, 10.00m, 10.00m, null], valuation.Holdings.Select(h => h.Value));
        Assert.Equal(30.00m, valuation.Total);
        Assert.Equal([33.34m, 33.33m, 33.33m, null], valuation.Holdings.Select(h => h.AllocationPercent));
    }

    [Fact]
    public void Nothing_valued_has_no_allocation()
    {
        var valuation = Valuation.Of([new Holding(Btc, 1, 0, 0)], Usdt, _ => null);

        Assert.Equal(0m, valuation.Total);
        Assert.Null(Assert.Single(valuation.Holdings).AllocationPercent);
    }

    [Fact]
    public void Prices_come_direct_inverted_or_through_one_intermediate_asset()
    {
        MarketInfo[] markets = [Market(1, Btc, Usdt), Market(2, Eth, Btc), Market(3, Usdt, Ltc)];
        var prices = new Dictionary<int, decimal?> { [1] = 50_000m, [2] = 0.05m, [3] = 4m };

        decimal? Price(AssetSpec asset, AssetSpec quote) => PriceRoutes.Price(markets, asset.Id, quote.Id, m => prices[m.Spec.Id]);

        Assert.Equal(1m, Price(Btc, Btc));
        Assert.Equal(50_000m, Price(Btc, Usdt));
        Assert.Equal(2_500m, Price(Eth, Usdt));
        Assert.Equal(0.25m, Price(Ltc, Usdt));
        Assert.Equal(1m / 50_000m, Price(Usdt, Btc));
        Assert.Null(Price(Eth, Ltc));

        prices[1] = null;
        Assert.Null(Price(Eth, Usdt));
    }
}
