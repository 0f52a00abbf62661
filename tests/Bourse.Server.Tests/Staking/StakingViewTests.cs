using Bourse.Core;
using Bourse.Server.Staking;

namespace Bourse.Server.Tests.Staking;

/// <summary>The staking view against the real core: fed only events, it holds what the core would answer.</summary>
public class StakingViewTests
{
    private const int Steps = 3_000;

    [Theory]
    [InlineData(1)]
    [InlineData(20260101)]
    public void Fed_the_events_the_view_holds_the_cores_positions_after_every_command(int seed)
    {
        var random = new Random(seed);
        var exchange = new StakingExchange();
        var view = new StakingView();
        view.Initialize(new ExchangeCore());
        view.OnEvents(exchange.Events.ToArray());
        var changes = 0;
        for (var step = 0; step < Steps; step++)
        {
            var events = exchange.Step(random);
            view.OnEvents(events.ToArray());
            changes += events.Count(e => e.Type is Core.Events.EventType.Staked or Core.Events.EventType.UnstakeStarted);
            AssertSame(exchange.Core, view);
        }

        Assert.True(changes > Steps / 4, $"only {changes} stakes and unstakes");
    }

    [Fact]
    public void A_view_started_from_a_recovered_core_goes_on_like_one_fed_from_the_start()
    {
        var random = new Random(5);
        var exchange = new StakingExchange();
        var fromStart = new StakingView();
        fromStart.Initialize(new ExchangeCore());
        fromStart.OnEvents(exchange.Events.ToArray());
        for (var step = 0; step < Steps / 2; step++)
        {
            fromStart.OnEvents(exchange.Step(random).ToArray());
        }

        exchange.Recover();
        var recovered = new StakingView();
        recovered.Initialize(exchange.Core);
        AssertSame(exchange.Core, recovered);
        for (var step = 0; step < Steps / 2; step++)
        {
            var events = exchange.Step(random).ToArray();
            fromStart.OnEvents(events);
            recovered.OnEvents(events);
            AssertSame(exchange.Core, recovered);
        }

        for (var user = 1L; user <= 5; user++)
        {
            Assert.Equal(Describe(fromStart, user), Describe(recovered, user));
        }
    }

    private static void AssertSame(ExchangeCore core, StakingView view)
    {
        Assert.Equal(core.StakingProducts.ToDictionary(p => p.AssetId, p => p.PeriodMs), view.PeriodMs);
        for (var user = 1L; user <= 5; user++)
        {
            var unbonding = core.UnbondingOf(user).ToList();
            var expected = core.StakingPositionsOf(user).Select(p => string.Join(" ",
                $"asset {p.AssetId} staked {p.StakedAmount} rewards {p.TotalRewards}",
                $"lots [{string.Join(",", p.Lots.Where(l => l.IsStaked).Select(l => $"{l.Amount}@{l.FirstPeriod}"))}]",
                $"earning {p.Lots.Where(l => l.IsStaked && l.FirstPeriod <= Period(core, p.AssetId)).Sum(l => l.Amount)}",
                $"unbonding [{string.Join(",", unbonding.Where(u => u.AssetId == p.AssetId))}]"));
            Assert.Equal(expected, Describe(view, user, core));
        }
    }

    private static IEnumerable<string> Describe(StakingView view, long user, ExchangeCore? core = null) =>
        view.PositionsOf(user).Select(p => string.Join(" ",
            $"asset {p.AssetId} staked {p.Staked} rewards {p.TotalRewards}",
            $"lots [{string.Join(",", p.StakedLots.Select(l => $"{l.Amount}@{l.FirstPeriod}"))}]",
            $"earning {(core is null ? 0 : p.EarningIn(Period(core, p.AssetId)))}",
            $"unbonding [{string.Join(",", p.Unbonding)}]"));

    // A period boundary the positions straddle: lots staked in it do not earn yet.
    private static long Period(ExchangeCore core, int assetId) => core.GetStakingProduct(assetId)!.LastPaidPeriod + 1;
}
