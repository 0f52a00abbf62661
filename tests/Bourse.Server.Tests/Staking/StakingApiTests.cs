using System.Globalization;
using System.Text.Json;
using Bourse.Core.Accounts;
using Bourse.Core.Staking;
using Bourse.Engine;
using Bourse.Server.Portfolio;

namespace Bourse.Server.Tests.Staking;

/// <summary>
/// Staking over HTTP against the real server: demo users, SOL stakable at 50% APR with one-second reward periods (so a
/// test sees many periods) and ETH at 5% with daily periods (so no reward moves its balances during a test).
/// </summary>
public class StakingApiTests
{
    private const long SolUnit = 100_000_000;
    private const long SolRatePpm = 500_000;
    private const long SolPeriodMs = 1_000;

    private static readonly string[] Settings =
    [
        "--demo", "--Bourse:DemoMarketMaker=false", "--Bourse:Staking:SchedulerInterval=00:00:00.100",
        "--Bourse:Staking:Products:0:Asset=SOL", "--Bourse:Staking:Products:0:Apr=0.5", "--Bourse:Staking:Products:0:Minimum=0.1",
        "--Bourse:Staking:Products:0:UnbondingPeriod=00:00:02", "--Bourse:Staking:Products:0:RewardPeriod=00:00:01",
        "--Bourse:Staking:Products:1:Asset=ETH", "--Bourse:Staking:Products:1:Apr=0.05", "--Bourse:Staking:Products:1:Minimum=0.01",
        "--Bourse:Staking:Products:1:UnbondingPeriod=00:00:02", "--Bourse:Staking:Products:1:RewardPeriod=1.00:00:00",
    ];

    private static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static long Units(JsonElement element, string name) => (long)(Number(element, name) * SolUnit);

    private static async Task<JsonElement?> PositionAsync(PlatformTrader trader, string asset)
    {
        var (status, positions, _) = await trader.GetAsync("/api/v1/staking/positions");
        Assert.Equal(200, status);
        return positions.EnumerateArray().Where(p => p.GetProperty("asset").GetString() == asset).Select(p => (JsonElement?)p).SingleOrDefault();
    }

    /// <summary>Every reward of the user, newest first, read page by page through the cursor.</summary>
    private static async Task<(List<JsonElement> Rewards, JsonElement Totals)> RewardsAsync(PlatformTrader trader, string asset)
    {
        var all = new List<JsonElement>();
        JsonElement totals = default;
        string? cursor = null;
        do
        {
            var (status, page, _) = await trader.GetAsync($"/api/v1/staking/rewards?asset={asset}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(200, status);
            all.AddRange(page.GetProperty("rewards").EnumerateArray());
            totals = page.GetProperty("totals");
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return (all, totals);
    }

    /// <summary>Moves the server's clock a scheduler tick at a time until <paramref name="condition"/> holds.</summary>
    private static Task WaitUntil(FakeTimeProvider time, Func<Task<bool>> condition, string what) =>
        Eventually.UntilAsync(async () =>
        {
            if (await condition())
            {
                return true;
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
            return false;
        }, () => what);

    [Fact]
    public async Task Rewards_over_N_periods_equal_the_configured_APR_to_the_smallest_unit_and_nothing_is_minted()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await InProcessServer.StartAsync(directory.Path, time, Settings);
        await using var _ = server;
        var alice = await PlatformTrader.SignInAsync(server, "alice");

        var (productsStatus, products, _) = await alice.GetAsync("/api/v1/staking/products");
        Assert.Equal(200, productsStatus);
        var sol = products.EnumerateArray().Single(p => p.GetProperty("asset").GetString() == "SOL");
        Assert.Equal("0.5", sol.GetProperty("apr").GetString());
        Assert.Equal("0.10000000", sol.GetProperty("minimum").GetString());
        Assert.Equal(2_000, sol.GetProperty("unbondingPeriodMs").GetInt64());
        Assert.Equal(SolPeriodMs, sol.GetProperty("rewardPeriodMs").GetInt64());
        Assert.Null(await PositionAsync(alice, "SOL"));

        var (stakeStatus, stake, _) = await alice.PostAsync("/api/v1/staking/stake", new { asset = "SOL", amount = "100", clientReference = "s-1" });
        Assert.Equal(201, stakeStatus);
        Assert.Equal("100.00000000", stake.GetProperty("amount").GetString());
        Assert.Equal((900m, 0m), (await alice.BalancesAsync())["SOL"]);
        Assert.Equal("100.00000000", (await PositionAsync(alice, "SOL"))!.Value.GetProperty("staked").GetString());

        await WaitUntil(time, async () => (await RewardsAsync(alice, "SOL")).Rewards.Count >= 5, "five rewards");
        var (unstakeStatus, unstake, _) = await alice.PostAsync("/api/v1/staking/unstake", new { asset = "SOL", amount = "100", clientReference = "u-1" });
        Assert.Equal(201, unstakeStatus);
        await WaitUntil(time, async () => (await PositionAsync(alice, "SOL"))!.Value.GetProperty("unbondingEntries").GetArrayLength() == 0, "the release");
        Assert.True(time.GetUtcNow().ToUnixTimeMilliseconds() >= unstake.GetProperty("releaseAt").GetInt64());

        // Every period from the first after the stake to the last before the unstake paid 100 SOL's share, in order.
        var (rewards, totals) = await RewardsAsync(alice, "SOL");
        var periods = rewards.Select(r => r.GetProperty("period").GetInt64()).Reverse().ToList();
        Assert.Equal(Enumerable.Range(0, periods.Count).Select(i => periods[0] + i), periods);
        Assert.All(rewards, r => Assert.Equal(r.GetProperty("periodStart").GetInt64() + SolPeriodMs, r.GetProperty("periodEnd").GetInt64()));
        Assert.All(rewards, r => Assert.True(r.GetProperty("paidAt").GetInt64() >= r.GetProperty("periodEnd").GetInt64()));
        var paid = rewards.Sum(r => Units(r, "amount"));
        var expected = (long)((Int128)periods.Count * 100 * SolUnit * SolRatePpm * SolPeriodMs / ((Int128)1_000_000 * StakingProduct.YearMs));
        Assert.Equal(expected, paid);
        Assert.Equal(paid, Units(Assert.Single(totals.EnumerateArray()), "total"));
        Assert.Equal(paid, Units((await PositionAsync(alice, "SOL"))!.Value, "totalRewards"));

        // Alice holds what she had plus the rewards; the rewards account paid exactly them.
        var position = (await PositionAsync(alice, "SOL"))!.Value;
        Assert.Equal("0.00000000", position.GetProperty("staked").GetString());
        Assert.Equal((1_000m + (decimal)paid / SolUnit, 0m), (await alice.BalancesAsync())["SOL"]);
        Assert.Equal(0, await server.StopAsync());
        await using var engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = directory.Path });
        var (rewardsAccount, supply, held) = await engine.QueryAsync(core => (
            core.GetBalance(SystemAccounts.StakingRewards, 4).Available,
            core.SupplyOf(4),
            core.Accounts.Sum(a => a.GetBalance(4).Total)));
        Assert.Equal(1_000_000 * SolUnit - paid, rewardsAccount);
        Assert.Equal(supply, held);
    }

    [Fact]
    public async Task After_a_restart_the_periods_missed_while_down_are_paid_in_order_and_the_total_stays_exact()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var server = await InProcessServer.StartAsync(directory.Path, time, Settings))
        {
            var first = await PlatformTrader.SignInAsync(server, "alice");
            Assert.Equal(201, (await first.PostAsync("/api/v1/staking/stake", new { asset = "SOL", amount = "12.34567891", clientReference = "s" })).Status);
            await WaitUntil(time, async () => (await RewardsAsync(first, "SOL")).Rewards.Count >= 2, "two rewards");
            Assert.Equal(0, await server.StopAsync());
        }

        // Down for a few periods.
        time.Advance(TimeSpan.FromSeconds(3));
        await using var restarted = await InProcessServer.StartAsync(directory.Path, time, Settings);
        var alice = await PlatformTrader.SignInAsync(restarted, "alice");
        Assert.Equal("12.34567891", (await PositionAsync(alice, "SOL"))!.Value.GetProperty("staked").GetString());
        var restartedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        await WaitUntil(time, async () => (await RewardsAsync(alice, "SOL")).Rewards[0].GetProperty("periodEnd").GetInt64() >= restartedAt, "the catch-up");

        var (rewards, totals) = await RewardsAsync(alice, "SOL");
        var periods = rewards.Select(r => r.GetProperty("period").GetInt64()).Reverse().ToList();
        Assert.Equal(Enumerable.Range(0, periods.Count).Select(i => periods[0] + i), periods);
        var paid = rewards.Sum(r => Units(r, "amount"));
        Assert.Equal((long)((Int128)periods.Count * 1_234_567_891 * SolRatePpm * SolPeriodMs / ((Int128)1_000_000 * StakingProduct.YearMs)), paid);
        Assert.Equal(paid, Units(Assert.Single(totals.EnumerateArray()), "total"));
    }

    [Fact]
    public async Task Settings_the_engine_would_refuse_stop_the_start_with_the_reason()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tooHigh = Settings.Select(a => a.Replace("Products:0:Apr=0.5", "Products:0:Apr=1.5", StringComparison.Ordinal)).ToArray();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessServer.StartAsync(directory.Path, time, tooHigh));
        Assert.Contains("Bourse:Staking:Products (SOL): Apr must be above 0 and at most 1", refused.Message, StringComparison.Ordinal);

        await using (var server = await InProcessServer.StartAsync(directory.Path, time, Settings))
        {
            Assert.Equal(0, await server.StopAsync());
        }

        // Periods already counted keep their meaning: the reward period of a stakable asset never changes.
        var longerPeriod = Settings.Select(a => a.Replace("Products:0:RewardPeriod=00:00:01", "Products:0:RewardPeriod=00:00:02", StringComparison.Ordinal)).ToArray();
        refused = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessServer.StartAsync(directory.Path, time, longerPeriod));
        Assert.Contains("InvalidStakingProduct", refused.Message, StringComparison.Ordinal);

        // Other terms may change.
        var lowerRate = Settings.Select(a => a.Replace("Products:0:Apr=0.5", "Products:0:Apr=0.25", StringComparison.Ordinal)).ToArray();
        await using var restarted = await InProcessServer.StartAsync(directory.Path, time, lowerRate);
        var alice = await PlatformTrader.SignInAsync(restarted, "alice");
        var (_, products, _) = await alice.GetAsync("/api/v1/staking/products");
        Assert.Equal("0.25", products.EnumerateArray().Single(p => p.GetProperty("asset").GetString() == "SOL").GetProperty("apr").GetString());
    }

    [Fact]
    public async Task Unstaked_funds_are_released_after_the_unbonding_time_and_retries_answer_the_first_result()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await InProcessServer.StartAsync(directory.Path, time, Settings);
        await using var _ = server;
        var bob = await PlatformTrader.SignInAsync(server, "bob");

        var stakeBody = new { asset = "eth", amount = "10", clientReference = "bob-stake-1" };
        var (stakeStatus, stake, _) = await bob.PostAsync("/api/v1/staking/stake", stakeBody);
        Assert.Equal(201, stakeStatus);
        var (retryStatus, retry, retryResponse) = await bob.PostAsync("/api/v1/staking/stake", stakeBody);
        Assert.Equal(200, retryStatus);
        Assert.Equal(stake.GetProperty("stakeId").GetInt64(), retry.GetProperty("stakeId").GetInt64());
        Assert.Equal("true", Assert.Single(retryResponse.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((90m, 0m), (await bob.BalancesAsync())["ETH"]);

        var unstakeBody = new { asset = "ETH", amount = "4", clientReference = "bob-unstake-1" };
        var before = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (unstakeStatus, unstake, _) = await bob.PostAsync("/api/v1/staking/unstake", unstakeBody);
        Assert.Equal(201, unstakeStatus);
        var releaseAt = unstake.GetProperty("releaseAt").GetInt64();
        Assert.InRange(releaseAt, before + 2_000, time.GetUtcNow().ToUnixTimeMilliseconds() + 2_000);
        var (unstakeRetryStatus, unstakeRetry, _) = await bob.PostAsync("/api/v1/staking/unstake", unstakeBody);
        Assert.Equal(200, unstakeRetryStatus);
        Assert.Equal(unstake.GetProperty("unstakeId").GetInt64(), unstakeRetry.GetProperty("unstakeId").GetInt64());
        Assert.Equal(releaseAt, unstakeRetry.GetProperty("releaseAt").GetInt64());

        var position = (await PositionAsync(bob, "ETH"))!.Value;
        Assert.Equal("6.00000000", position.GetProperty("staked").GetString());
        Assert.Equal("4.00000000", position.GetProperty("unbonding").GetString());
        var entry = Assert.Single(position.GetProperty("unbondingEntries").EnumerateArray());
        Assert.Equal(releaseAt, entry.GetProperty("releaseAt").GetInt64());
        Assert.Equal("bob-unstake-1", entry.GetProperty("clientReference").GetString());
        Assert.Equal((90m, 0m), (await bob.BalancesAsync())["ETH"]);
        Assert.Equal("10.00000000", await StakedBalanceAsync(bob, "ETH"));

        await WaitUntil(time, async () => (await bob.BalancesAsync())["ETH"].Free == 94m, "the release");
        Assert.Equal("6.00000000", await StakedBalanceAsync(bob, "ETH"));
        Assert.True(time.GetUtcNow().ToUnixTimeMilliseconds() >= releaseAt);
        position = (await PositionAsync(bob, "ETH"))!.Value;
        Assert.Equal("6.00000000", position.GetProperty("staked").GetString());
        Assert.Empty(position.GetProperty("unbondingEntries").EnumerateArray());
        Assert.Empty((await RewardsAsync(bob, "ETH")).Rewards);
    }

    [Fact]
    public async Task Bad_staking_requests_get_a_clear_problem_and_change_nothing()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await InProcessServer.StartAsync(directory.Path, time, Settings);
        await using var _ = server;
        var alice = await PlatformTrader.SignInAsync(server, "alice");
        Assert.Equal(201, (await alice.PostAsync("/api/v1/staking/stake", new { asset = "ETH", amount = "1", clientReference = "first" })).Status);

        async Task<string> State()
        {
            var (_, balances, _) = await alice.GetAsync("/api/v1/account/balances");
            var (_, positions, _) = await alice.GetAsync("/api/v1/staking/positions");
            return $"{balances}\n{positions}";
        }

        var before = await State();
        (string Path, string Json, int Status, string Code)[] cases =
        [
            ("stake", """{"asset":"ETH","amount":"-1","clientReference":"x"}""", 400, "invalid_amount"),
            ("stake", """{"asset":"ETH","amount":"0","clientReference":"x"}""", 400, "invalid_amount"),
            ("stake", """{"asset":"ETH","amount":"0.00000000","clientReference":"x"}""", 400, "invalid_amount"),
            ("stake", """{"asset":"ETH","amount":"1e3","clientReference":"x"}""", 400, "invalid_amount"),
            ("stake", """{"asset":"ETH","amount":"abc","clientReference":"x"}""", 400, "invalid_amount"),
            ("stake", """{"asset":"ETH","amount":"99999999999999999999","clientReference":"x"}""", 400, "invalid_amount"),
            ("stake", """{"asset":"ETH","amount":"0.000000001","clientReference":"x"}""", 400, "invalid_precision"),
            ("stake", """{"asset":"ETH","amount":1,"clientReference":"x"}""", 400, "invalid_json"),
            ("stake", """{"asset":"DOGE","amount":"1","clientReference":"x"}""", 400, "unknown_asset"),
            ("stake", """{"asset":"BTC","amount":"1","clientReference":"x"}""", 400, "not_stakable"),
            ("stake", """{"asset":"ETH","amount":"0.009","clientReference":"x"}""", 400, "below_minimum"),
            ("stake", """{"asset":"ETH","amount":"100","clientReference":"x"}""", 409, "insufficient_balance"),
            ("stake", """{"asset":"ETH","amount":"1"}""", 400, "missing_field"),
            ("stake", """{"asset":"ETH","amount":"1","clientReference":"has space"}""", 400, "invalid_client_reference"),
            ("stake", """{"asset":"ETH","amount":"1","clientReference":"x","extra":1}""", 400, "invalid_json"),
            ("stake", """{"asset":"ETH","amount":"2","clientReference":"first"}""", 409, "client_reference_in_use"),
            ("stake", """{"asset":"SOL","amount":"1","clientReference":"first"}""", 409, "client_reference_in_use"),
            ("unstake", """{"asset":"ETH","amount":"1.5","clientReference":"y"}""", 409, "insufficient_stake"),
            ("unstake", """{"asset":"SOL","amount":"1","clientReference":"y"}""", 409, "insufficient_stake"),
            ("unstake", """{"asset":"BTC","amount":"1","clientReference":"y"}""", 400, "not_stakable"),
            ("unstake", """{"asset":"ETH","amount":"-1","clientReference":"y"}""", 400, "invalid_amount"),
        ];
        foreach (var (path, json, status, code) in cases)
        {
            var (actual, body, _) = await alice.SendAsync(HttpMethod.Post, $"/api/v1/staking/{path}", json);
            Assert.True(actual == status && body.GetProperty("code").GetString() == code, $"{path} {json}: {actual} {body}");
        }

        Assert.Equal(400, (await alice.GetAsync("/api/v1/staking/rewards?limit=0")).Status);
        Assert.Equal(400, (await alice.GetAsync("/api/v1/staking/rewards?cursor=bad")).Status);
        Assert.Equal(400, (await alice.GetAsync("/api/v1/staking/rewards?asset=DOGE")).Status);
        Assert.Equal(before, await State());
    }

    /// <summary>The staked amount (earning and unbonding) that /api/v1/account/balances shows for an asset.</summary>
    private static async Task<string?> StakedBalanceAsync(PlatformTrader trader, string asset)
    {
        var (_, balances, _) = await trader.GetAsync("/api/v1/account/balances");
        return balances.EnumerateArray().Single(b => b.GetProperty("asset").GetString() == asset).GetProperty("staked").GetString();
    }
}
