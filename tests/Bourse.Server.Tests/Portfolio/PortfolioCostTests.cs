using Bourse.Server.Http;
using Bourse.Server.Portfolio;
using Bourse.Server.Views;
using Bourse.Store.Portfolio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Tests.Portfolio;

/// <summary>
/// What PnL costs: the prices of a user's history in a few queries however many fills it has, a kept book that
/// replays only what is new and answers as a full replay does, and expensive reads one at a time per user.
/// </summary>
public sealed class PortfolioCostTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private InProcessServer _server = null!;
    private PlatformTrader _alice = null!;
    private PlatformTrader _bob = null!;

    public async Task InitializeAsync()
    {
        // Room for several expensive reads at once: the tests hold one while others run.
        _server = await InProcessServer.StartAsync(_directory.Path, "--demo", "--Bourse:DemoMarketMaker=false", "--Bourse:Limits:ExpensiveReadsAtOnce=4");
        _alice = await PlatformTrader.SignInAsync(_server, "alice");
        _bob = await PlatformTrader.SignInAsync(_server, "bob");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Pnl_in_another_quote_reads_its_prices_in_a_few_queries_however_many_fills()
    {
        await TradeAsync(60, firstPrice: 90_000);
        var store = _server.Services.GetRequiredService<SqlPortfolioStore>();

        var before = store.RoundTrips;
        var (status, pnl, _) = await _alice.GetAsync("/api/v1/portfolio/pnl?quote=BTC");
        Assert.True(status == 200, pnl.ToString());
        var queries = store.RoundTrips - before;
        // Fills, movements, and a batch of commands per market the price routes ask about: not one query per fill.
        Assert.True(queries <= 12, $"{queries} queries for 60 fills");

        // Five more fills: the kept book replays only those.
        await TradeAsync(5, firstPrice: 91_000);
        before = store.RoundTrips;
        Assert.Equal(200, (await _alice.GetAsync("/api/v1/portfolio/pnl?quote=BTC")).Status);
        Assert.True(store.RoundTrips - before <= 4, $"{store.RoundTrips - before} queries for 5 new fills");
    }

    [Fact]
    public async Task A_kept_book_brought_up_to_date_is_the_book_a_full_replay_gives()
    {
        var costs = _server.Services.GetRequiredService<CostHistory>();
        var history = _server.Services.GetRequiredService<Server.History.HistoryProjection>();
        var reference = _server.Services.GetRequiredService<ReferenceDataView>();
        var full = new CostHistory(_server.Services.GetRequiredService<SqlPortfolioStore>(), reference, _server.Services.GetRequiredService<LivePrices>(),
            Options.Create(new PortfolioOptions { CostBooksKept = 0 }));
        var aliceId = (await _alice.GetAsync("/api/v1/account")).Body.GetProperty("id").GetInt64();

        foreach (var code in new[] { "BTC", "USDT" })
        {
            var quote = reference.Assets.Single(a => a.Code == code);
            await TradeAsync(10, firstPrice: 90_000);
            Assert.True(await history.CaughtUpAsync(TimeSpan.FromSeconds(30)));
            await costs.ReplayAsync(aliceId, quote, history.AppliedSequence, CancellationToken.None);
            await TradeAsync(7, firstPrice: 95_000);
            Assert.True(await history.CaughtUpAsync(TimeSpan.FromSeconds(30)));

            var through = history.AppliedSequence;
            Assert.Equal(Positions(await full.ReplayAsync(aliceId, quote, through, CancellationToken.None)),
                Positions(await costs.ReplayAsync(aliceId, quote, through, CancellationToken.None)));
        }

        Assert.Equal(2, costs.Kept.Count);
    }

    [Fact]
    public async Task A_cancelled_replay_stops()
    {
        await TradeAsync(3, firstPrice: 90_000);
        var costs = _server.Services.GetRequiredService<CostHistory>();
        var btc = _server.Services.GetRequiredService<ReferenceDataView>().Assets.Single(a => a.Code == "BTC");
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => costs.ReplayAsync(1, btc, long.MaxValue, gone.Token));
        Assert.Equal(0, costs.Kept.Count);
    }

    [Fact]
    public async Task A_second_pnl_of_the_same_user_while_the_first_runs_gets_429_with_retry_after()
    {
        var reads = _server.Services.GetRequiredService<ExpensiveReads>();
        var aliceId = (await _alice.GetAsync("/api/v1/account")).Body.GetProperty("id").GetInt64();
        var (running, refusal) = await reads.EnterAsync(aliceId, PortfolioApi.PnlRead, CancellationToken.None);
        Assert.Equal(ExpensiveReads.Refusal.None, refusal);
        using (running)
        {
            foreach (var quote in new[] { "BTC", "USDT" })
            {
                var (status, problem, response) = await _alice.GetAsync($"/api/v1/portfolio/pnl?quote={quote}");
                Assert.True(status == 429, $"{status} {problem}");
                Assert.Equal("concurrent_request", problem.GetProperty("code").GetString());
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                Assert.Equal(1, problem.GetProperty("retryAfterSeconds").GetInt64());
            }

            // Another user is not held up, nor another read of the same user (a page loads PnL and statistics together).
            Assert.Equal(200, (await _bob.GetAsync("/api/v1/portfolio/pnl?quote=BTC")).Status);
            Assert.Equal(200, (await _alice.GetAsync("/api/v1/portfolio/statistics")).Status);
            Assert.Equal(200, (await _alice.GetAsync("/api/v1/portfolio")).Status);
        }

        Assert.Equal(200, (await _alice.GetAsync("/api/v1/portfolio/pnl?quote=BTC")).Status);
    }

    /// <summary>Bob sells and alice buys 0.001 BTC, <paramref name="count"/> times at rising prices: a fill each, each its own command.</summary>
    private async Task TradeAsync(int count, int firstPrice)
    {
        for (var i = 0; i < count; i++)
        {
            var price = (firstPrice + (i * 10)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await _bob.PlaceAsync(new { symbol = "BTCUSDT", side = "SELL", type = "LIMIT", timeInForce = "GTC", quantity = "0.001", price });
            await _alice.PlaceAsync(new { symbol = "BTCUSDT", side = "BUY", type = "LIMIT", timeInForce = "GTC", quantity = "0.001", price });
        }
    }

    private static Dictionary<int, (decimal Quantity, decimal Cost, decimal Realized)> Positions(AverageCostBook book) =>
        book.Positions.ToDictionary(p => p.Key, p => (p.Value.Quantity, p.Value.Cost, p.Value.Realized));
}
