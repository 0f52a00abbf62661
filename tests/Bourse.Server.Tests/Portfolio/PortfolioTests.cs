using System.Globalization;
using System.Text.Json;

namespace Bourse.Server.Tests.Portfolio;

/// <summary>
/// Portfolio valuation, value over time, average-cost PnL and statistics through /api/v1/portfolio against the real
/// server, with a quiet demo book (no market maker) so every price comes from the scripted trades below. Fees are the
/// default 0.1% for maker and taker: a buyer pays in the base asset, a seller in the quote asset.
/// </summary>
public class PortfolioTests(PortfolioTests.ScriptedServer scripted) : IClassFixture<PortfolioTests.ScriptedServer>
{
    /// <summary>One server for the class, with the trades of <see cref="TradeScript"/> done and snapshots every second.</summary>
    public sealed class ScriptedServer : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public IBourseServer Server { get; private set; } = null!;

        public PlatformTrader Alice { get; private set; } = null!;

        public PlatformTrader Bob { get; private set; } = null!;

        public async Task InitializeAsync() =>
            (Server, Alice, Bob) = await TradeScript(_directory, "--Bourse:Portfolio:SnapshotInterval=00:00:01");

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            _directory.Dispose();
        }
    }

    private static object Limit(string symbol, string side, string quantity, string price, string timeInForce = "GTC") =>
        new { symbol, side, type = "LIMIT", timeInForce, quantity, price };

    private static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static decimal? Maybe(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : Number(element, name);

    private static Dictionary<string, JsonElement> ByAsset(JsonElement assets) =>
        assets.EnumerateArray().ToDictionary(a => a.GetProperty("asset").GetString()!);

    private static decimal Round(decimal value) => Math.Round(value, 8, MidpointRounding.ToEven);

    /// <summary>
    /// Alice buys 10 SOL at 100, sells 4 at 120, buys 0.01 BTC at 90 000 and 1 ETH at 0.04 BTC (in ETHBTC), all
    /// against Bob; then a BTCUSDT bid at 96 000 and ask at 100 000 rest. Prices: SOL 120 (last, empty book), BTC
    /// 98 000 (mid), ETH 0.04 × 98 000 = 3 920 (no ETHUSDT price: through ETHBTC), LTC none (never traded). Alice then stakes
    /// 5 SOL: still hers, still valued.
    /// </summary>
    private static async Task<(IBourseServer Server, PlatformTrader Alice, PlatformTrader Bob)> TradeScript(TempDirectory directory, params string[] args)
    {
        var server = await InProcessServer.StartAsync(directory.Path, ["--demo", "--Bourse:DemoMarketMaker=false", .. args]);
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        var bob = await PlatformTrader.SignInAsync(server, "bob");
        await bob.PlaceAsync(Limit("SOLUSDT", "SELL", "10", "100"));
        await alice.PlaceAsync(Limit("SOLUSDT", "BUY", "10", "100"));
        await alice.PlaceAsync(Limit("SOLUSDT", "SELL", "4", "120"));
        await bob.PlaceAsync(Limit("SOLUSDT", "BUY", "4", "120"));
        await bob.PlaceAsync(Limit("BTCUSDT", "SELL", "0.01", "90000"));
        await alice.PlaceAsync(Limit("BTCUSDT", "BUY", "0.01", "90000"));
        await bob.PlaceAsync(Limit("ETHBTC", "SELL", "1", "0.04"));
        await alice.PlaceAsync(Limit("ETHBTC", "BUY", "1", "0.04"));
        await bob.PlaceAsync(Limit("BTCUSDT", "SELL", "0.01", "100000"));
        await alice.PlaceAsync(Limit("BTCUSDT", "BUY", "0.01", "96000"));
        var (staked, stake, _) = await alice.PostAsync("/api/v1/staking/stake", new { asset = "SOL", amount = "5", clientReference = "portfolio-stake" });
        Assert.True(staked == 201, stake.ToString());
        return (server, alice, bob);
    }

    [Fact]
    public async Task Holdings_are_valued_at_live_prices_with_allocation_summing_to_100()
    {
        var alice = scripted.Alice;

        var (status, portfolio, _) = await alice.GetAsync("/api/v1/portfolio");
        Assert.Equal(200, status);
        Assert.Equal("USDT", portfolio.GetProperty("quoteAsset").GetString());
        var assets = ByAsset(portfolio.GetProperty("assets"));
        var balances = await alice.BalancesAsync();
        Assert.Equal(["BTC", "ETH", "LTC", "SOL", "USDT"], assets.Keys.Order());
        foreach (var (code, asset) in assets)
        {
            var staked = code == "SOL" ? 5m : 0m;
            Assert.Equal(balances[code].Free, Number(asset, "available"));
            Assert.Equal(balances[code].Locked, Number(asset, "locked"));
            Assert.Equal(staked, Number(asset, "staked"));
            Assert.Equal(balances[code].Free + balances[code].Locked + staked, Number(asset, "total"));
        }

        Assert.Equal(9.96999m, Number(assets["BTC"], "total"));
        Assert.Equal(1005.99m, Number(assets["SOL"], "total"));
        Assert.Equal(960m, Number(assets["USDT"], "locked"));
        Assert.Equal(98_000m, Number(assets["BTC"], "price"));
        Assert.Equal(3_920m, Number(assets["ETH"], "price"));
        Assert.Equal(120m, Number(assets["SOL"], "price"));
        Assert.Equal(1m, Number(assets["USDT"], "price"));
        Assert.Null(Maybe(assets["LTC"], "price"));
        Assert.Null(Maybe(assets["LTC"], "value"));
        Assert.Null(Maybe(assets["LTC"], "allocationPercent"));

        var valued = assets.Values.Where(a => Maybe(a, "price") is not null).ToList();
        foreach (var asset in valued)
        {
            Assert.Equal(Round(Number(asset, "total") * Number(asset, "price")), Number(asset, "value"));
        }

        var total = Number(portfolio, "totalValue");
        Assert.Equal(valued.Sum(a => Number(a, "value")), total);
        Assert.Equal(2_492_273.42m, total);
        Assert.Equal(100m, valued.Sum(a => Number(a, "allocationPercent")));
        Assert.All(valued, a => Assert.True(Math.Abs(Number(a, "allocationPercent") - (Number(a, "value") * 100 / total)) < 0.01m));

        // The same holdings in BTC: USDT through the inverse of BTCUSDT's mid.
        var (_, inBtc, _) = await alice.GetAsync("/api/v1/portfolio?quote=BTC");
        Assert.Equal("BTC", inBtc.GetProperty("quoteAsset").GetString());
        Assert.Equal(1m, Number(ByAsset(inBtc.GetProperty("assets"))["BTC"], "price"));
        Assert.True(Math.Abs(Number(inBtc, "totalValue") - (total / 98_000m)) < 0.00000005m * 5);
    }

    [Fact]
    public async Task Pnl_follows_the_average_cost_of_the_fills_net_of_fees()
    {
        var alice = scripted.Alice;

        var (status, pnl, _) = await alice.GetAsync("/api/v1/portfolio/pnl");
        Assert.Equal(200, status);
        var assets = ByAsset(pnl.GetProperty("assets"));

        // Seed deposits enter at the first known price of their market (no trade had happened yet): SOL 100, BTC 90 000,
        // ETH 0.04 × 90 000, USDT 1, LTC none (cost 0).
        var solCost = (1000m * 100m) + 1000m;                     // + 9.99 SOL (10 less the 0.01 fee) for 1 000 USDT
        var solQuantity = 1000m + 9.99m;
        var solRealized = (480m - 0.48m) - (4m * (solCost / solQuantity));   // 4 SOL sold at 120, fee 0.48 USDT
        solCost -= 4m * (solCost / solQuantity);
        solQuantity -= 4m;
        var btcCost = (10m * 90_000m) + 900m;                      // + 0.00999 BTC for 900 USDT
        var btcQuantity = 10.00999m;
        var btcRealized = (0.04m * 90_000m) - (0.04m * (btcCost / btcQuantity)); // 0.04 BTC paid for ETH, worth 3 600
        btcCost -= 0.04m * (btcCost / btcQuantity);
        btcQuantity -= 0.04m;
        var ethCost = (100m * 3_600m) + 3_600m;
        var ethQuantity = 100.999m;

        AssertAsset(assets["SOL"], solQuantity, solCost / solQuantity, 120m, solRealized);
        AssertAsset(assets["BTC"], btcQuantity, btcCost / btcQuantity, 98_000m, btcRealized);
        AssertAsset(assets["ETH"], ethQuantity, ethCost / ethQuantity, 3_920m, 0m);
        AssertAsset(assets["USDT"], 998_579.52m, 1m, 1m, 0m);
        Assert.Equal(0m, Number(assets["LTC"], "averageCost"));
        Assert.Null(Maybe(assets["LTC"], "value"));
        Assert.Null(Maybe(assets["LTC"], "unrealizedPnl"));

        var totals = pnl.GetProperty("totals");
        var complete = assets.Values.Where(a => Maybe(a, "unrealizedPnl") is not null).ToList();
        Assert.Equal(Round(solRealized) + Round(btcRealized), Number(totals, "realizedPnl"));
        Assert.Equal(complete.Sum(a => Number(a, "unrealizedPnl")), Number(totals, "unrealizedPnl"));
        Assert.Equal(complete.Sum(a => Number(a, "costBasis")), Number(totals, "costBasis"));
        Assert.Equal(complete.Sum(a => Number(a, "value")), Number(totals, "value"));
    }

    private static void AssertAsset(JsonElement asset, decimal quantity, decimal averageCost, decimal price, decimal realized)
    {
        var costBasis = Round(quantity * averageCost);
        var value = Round(quantity * price);
        Assert.Equal(quantity, Number(asset, "quantity"));
        Assert.Equal(Round(averageCost), Number(asset, "averageCost"));
        Assert.Equal(costBasis, Number(asset, "costBasis"));
        Assert.Equal(price, Number(asset, "price"));
        Assert.Equal(value, Number(asset, "value"));
        Assert.Equal(Round(realized), Number(asset, "realizedPnl"));
        Assert.Equal(value - costBasis, Number(asset, "unrealizedPnl"));
    }

    [Fact]
    public async Task Statistics_total_deposits_and_the_fills_commissions()
    {
        var alice = scripted.Alice;

        var (status, statistics, _) = await alice.GetAsync("/api/v1/portfolio/statistics");
        Assert.Equal(200, status);
        var assets = ByAsset(statistics.GetProperty("assets"));
        Assert.Equal(10m, Number(assets["BTC"].GetProperty("amounts"), "deposits"));
        Assert.Equal(1_000_000m, Number(assets["USDT"].GetProperty("amounts"), "deposits"));
        Assert.All(assets.Values, a => Assert.Equal(0m, Number(a.GetProperty("amounts"), "withdrawals")));

        // Fees: what the user's own fills say they paid, per commission asset.
        var commissions = new Dictionary<string, decimal>();
        foreach (var symbol in new[] { "SOLUSDT", "BTCUSDT", "ETHBTC", "ETHUSDT", "LTCUSDT" })
        {
            var (_, trades, _) = await alice.GetAsync($"/api/v1/trades?symbol={symbol}");
            foreach (var trade in trades.GetProperty("trades").EnumerateArray())
            {
                var asset = trade.GetProperty("commissionAsset").GetString()!;
                commissions[asset] = commissions.GetValueOrDefault(asset) + Number(trade, "commission");
            }
        }

        Assert.Equal(new Dictionary<string, decimal> { ["SOL"] = 0.01m, ["USDT"] = 0.48m, ["BTC"] = 0.00001m, ["ETH"] = 0.001m }, commissions);
        foreach (var (asset, row) in assets)
        {
            Assert.Equal(commissions.GetValueOrDefault(asset), Number(row.GetProperty("amounts"), "fees"));
        }

        var totals = statistics.GetProperty("totals");
        Assert.Equal((0.01m * 120m) + 0.48m + (0.00001m * 98_000m) + (0.001m * 3_920m), Number(totals, "fees"));
        Assert.Equal((10m * 98_000m) + (100m * 3_920m) + (1_000m * 120m) + 1_000_000m, Number(totals, "deposits"));
        Assert.Null(Maybe(assets["LTC"], "price"));
        Assert.Equal(JsonValueKind.Null, assets["LTC"].GetProperty("values").ValueKind);
    }

    [Fact]
    public async Task Value_over_time_has_snapshots_after_the_interval_and_the_current_value_last()
    {
        var alice = scripted.Alice;
        var total = Number((await alice.GetAsync("/api/v1/portfolio")).Body, "totalValue");

        // Until a snapshot taken after the trade script is recorded (the snapshotter's interval is short).
        var history = await Eventually.UntilAsync(async () => (await alice.GetAsync("/api/v1/portfolio/history")).Body,
            h => h.GetProperty("points").GetArrayLength() >= 4 && Number(h.GetProperty("points")[h.GetProperty("points").GetArrayLength() - 2], "value") == total,
            h => $"four points, the last recorded at {total}: {h}");

        var points = history.GetProperty("points").EnumerateArray().ToList();
        Assert.True(points.Count >= 4, history.ToString());
        Assert.Equal("USDT", history.GetProperty("quoteAsset").GetString());
        Assert.Equal(total, Number(points[^1], "value"));
        Assert.Equal(total, Number(points[^2], "value"));
        var times = points.Select(p => p.GetProperty("time").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);

        // A range in the past has only recorded points, and an empty one none.
        var before = times[^2];
        var (_, past, _) = await alice.GetAsync($"/api/v1/portfolio/history?from=0&to={before}");
        Assert.Equal(before, past.GetProperty("points").EnumerateArray().Last().GetProperty("time").GetInt64());
        var (_, empty, _) = await alice.GetAsync("/api/v1/portfolio/history?from=0&to=1000");
        Assert.Empty(empty.GetProperty("points").EnumerateArray());
    }

    [Fact]
    public async Task A_convert_counts_once_through_its_fills_in_cost_and_fees()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        var bob = await PlatformTrader.SignInAsync(server, "bob");
        await bob.PlaceAsync(Limit("SOLUSDT", "SELL", "10", "100"));
        var (quoted, quote, _) = await alice.PostAsync("/api/v1/convert/quotes", new { from = "USDT", to = "SOL", fromAmount = "500" });
        Assert.True(quoted == 201, quote.ToString());
        var (accepted, done, _) = await alice.PostAsync($"/api/v1/convert/quotes/{quote.GetProperty("quoteId").GetString()}/accept", new { });
        Assert.True(accepted == 200, done.ToString());

        // The convert's legs are not Alice's fills (only Bob's maker side is): the convert itself is what counts, once.
        Assert.Empty((await alice.GetAsync("/api/v1/trades?symbol=SOLUSDT")).Body.GetProperty("trades").EnumerateArray());
        var spent = Number(done, "fromAmount");
        var received = Number(done, "toAmount");
        var fee = Number(done, "fee");
        Assert.Equal(500m, spent);
        Assert.True(received > 0 && fee > 0, done.ToString());

        // Seed SOL enters at the first SOL trade's price (100); the convert adds what it received at what it spent.
        var sol = ByAsset((await alice.GetAsync("/api/v1/portfolio/pnl")).Body.GetProperty("assets"))["SOL"];
        Assert.Equal(1_000m + received, Number(sol, "quantity"));
        Assert.Equal(Round(((1_000m * 100m) + spent) / (1_000m + received)), Number(sol, "averageCost"));
        var statistics = ByAsset((await alice.GetAsync("/api/v1/portfolio/statistics")).Body.GetProperty("assets"));
        Assert.Equal(fee, Number(statistics["SOL"].GetProperty("amounts"), "fees"));
        Assert.Equal(0m, Number(statistics["USDT"].GetProperty("amounts"), "fees"));
    }

    [Theory]
    [InlineData("/api/v1/portfolio?quote=NOPE", "unknown_asset", "quote")]
    [InlineData("/api/v1/portfolio?quote=", "invalid_parameter", "quote")]
    [InlineData("/api/v1/portfolio?quote=USDT&quote=BTC", "invalid_parameter", "quote")]
    [InlineData("/api/v1/portfolio/pnl?quote=usdt", "unknown_asset", "quote")]
    [InlineData("/api/v1/portfolio/statistics?quote=%00", "unknown_asset", "quote")]
    [InlineData("/api/v1/portfolio/history?from=abc", "invalid_parameter", "from")]
    [InlineData("/api/v1/portfolio/history?to=-5", "invalid_parameter", "to")]
    [InlineData("/api/v1/portfolio/history?from=1.5", "invalid_parameter", "from")]
    [InlineData("/api/v1/portfolio/history?from=99999999999999999999", "invalid_parameter", "from")]
    [InlineData("/api/v1/portfolio/history?from=10&to=5", "invalid_range", "from")]
    public async Task Bad_query_input_is_a_400_problem(string path, string code, string field)
    {
        var (status, problem, response) = await scripted.Alice.GetAsync(path);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    private static readonly string[] EveryEndpoint =
        ["/api/v1/portfolio", "/api/v1/portfolio/history", "/api/v1/portfolio/pnl", "/api/v1/portfolio/statistics"];

    [Fact]
    public async Task The_portfolio_needs_a_token_and_2fa_enrollment_when_the_operator_requires_it()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Identity:RequireTwoFactor=true");
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        foreach (var path in EveryEndpoint)
        {
            using var anonymous = await server.Http.GetAsync(path);
            Assert.Equal(401, (int)anonymous.StatusCode);
            var (status, problem, _) = await alice.GetAsync(path);
            Assert.True(status == 403, $"{path} → {status} {problem}");
            Assert.Equal("two_factor_setup_required", problem.GetProperty("code").GetString());
        }
    }
}
