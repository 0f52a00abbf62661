using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Xunit.Abstractions;

namespace Bourse.Core.Tests.Conversion;

/// <summary>
/// Converts of random sizes between every pair of assets, in the middle of a seeded random order flow (icebergs,
/// self-trades, fee tiers, halts): a convert accepted at its plan receives exactly the plan, one unit more is refused
/// without a trace, and every invariant (conservation above all) holds after every command.
/// </summary>
public class ConvertRandomizedTests(ITestOutputHelper output)
{
    private const int Steps = 6_000;

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(20261130)]
    public void Converts_fill_exactly_their_plan_and_conserve_money(int seed)
    {
        var core = new ExchangeCore();
        var buffer = new EventBuffer();
        var netDeposits = new Dictionary<int, long>();
        long sequence = 0;
        foreach (var setup in RandomFlow.Setup())
        {
            core.Apply(setup.At(++sequence, sequence), buffer);
        }

        var flow = new RandomFlow(seed);
        var random = new Random(seed);
        int converted = 0, viaIntermediate = 0, refusedPlans = 0;

        void Apply(Command command)
        {
            buffer.Clear();
            core.Apply(command.At(++sequence, 1_700_000_000_000 + sequence), buffer);
            foreach (ref readonly var e in buffer.Events)
            {
                Invariants.TrackSupply(netDeposits, in e);
            }
        }

        for (var step = 0; step < Steps; step++)
        {
            Apply(flow.Next(sequence));
            if (step % 4 != 0)
            {
                continue;
            }

            var user = random.Next(1, 13);
            var from = random.Next(1, 4);
            var to = 1 + ((from + random.Next(1, 3) - 1) % 3);
            var available = core.GetBalance(user, from).Available;
            if (available <= 0)
            {
                continue;
            }

            var amount = Math.Max(1, (long)(available * random.NextDouble() * random.NextDouble()));
            var plan = random.Next(4) == 0 && core.PlanConvert(user, from, to, amount) is { Reason: RejectReason.None, Received: > 0 } sized
                ? core.PlanConvertToReceive(user, from, to, sized.Received)
                : core.PlanConvert(user, from, to, amount);
            if (plan.Reason != RejectReason.None)
            {
                refusedPlans++;
                continue;
            }

            try
            {
                var reference = $"c{step}";
                var hash = core.ComputeStateHash();
                Apply(Command.Convert(user, from, to, plan.Spent, plan.MarketId, plan.ViaMarketId, plan.Received + 1, long.MaxValue, reference));
                Assert.Equal(RejectReason.WorseThanQuote, Assert.Single(buffer.Events.ToArray()).Reason);
                Assert.Equal(hash, core.ComputeStateHash());

                Apply(Command.Convert(user, from, to, plan.Spent, plan.MarketId, plan.ViaMarketId, plan.Received, long.MaxValue, reference));
                var done = Assert.Single(buffer.Events.ToArray(), e => e.Type == EventType.ConvertCompleted);
                Assert.Equal(plan.Received, done.ToAmount);
                Assert.Equal(plan.Spent, done.Amount);
                Invariants.Check(core, netDeposits);
                converted++;
                viaIntermediate += plan.ViaMarketId != 0 ? 1 : 0;
            }
            catch (Exception ex)
            {
                var dump = string.Join("\n", buffer.Events.ToArray().Select(e => $"{e.Type} u{e.UserId} a{e.AssetId} p{e.LastPrice} q{e.LastQuantity} quote{e.LastQuote} c{e.Commission} av{e.Available} d{e.AvailableDelta} amt{e.Amount} to{e.ToAmount}"));
                throw new InvalidOperationException($"seed {seed}, step {step}, convert {from}->{to} of {plan.Spent}: {plan} {ex.Message}\n{dump}", ex);
            }
        }

        Invariants.Check(core, netDeposits);
        output.WriteLine($"seed {seed}: {converted} converts ({viaIntermediate} through an intermediate market), {refusedPlans} refused plans");
        Assert.True(converted > 100, $"only {converted} converts");
        Assert.True(viaIntermediate > 10, $"only {viaIntermediate} two-leg converts");
    }
}
