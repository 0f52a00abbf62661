using Bourse.Core.Commands;
using Bourse.Core.Events;
using Xunit.Abstractions;
using static Bourse.Core.Tests.Staking.StakingExchange;

namespace Bourse.Core.Tests.Staking;

/// <summary>
/// Seeded random mixes of deposits, transfers, withdrawals, stakes, unstakes, reward payments and releases with a clock
/// that jumps forward: conservation after every command, rejects change nothing, and replay (straight or from a
/// snapshot taken midway) reaches the same state.
/// </summary>
public class StakingRandomizedTests(ITestOutputHelper output)
{
    private const int Steps = 4_000;
    private const long PeriodMs = 60_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20261130)]
    public void Conservation_holds_and_replay_reproduces_the_state(int seed)
    {
        var random = new Random(seed);
        var x = new StakingExchange();
        x.Ok(Command.SetStakingProduct(Sol, 80_000, 1_000, 3 * PeriodMs, PeriodMs));
        x.Ok(Command.SetStakingProduct(Usdt, 1_000_000, 1, 0, PeriodMs / 2));
        var reasons = new Dictionary<string, int>();
        var rewards = 0;
        var releases = 0;
        for (var step = 0; step < Steps; step++)
        {
            x.Now += random.Next(4) == 0 ? random.Next(1, 3 * (int)PeriodMs) : random.Next(0, 2_000);
            var command = Next(random, x, step);
            var hashBefore = x.Core.ComputeStateHash();
            var events = x.Apply(command);
            if (events is [{ Type: EventType.CommandRejected } rejection])
            {
                Assert.Equal(hashBefore, x.Core.ComputeStateHash());
                var key = $"{command.Type} {rejection.Reason}";
                reasons[key] = reasons.GetValueOrDefault(key) + 1;
            }

            rewards += events.Count(e => e.Type == EventType.StakingRewardPaid);
            releases += events.Count(e => e.Type == EventType.UnstakeReleased);
        }

        output.WriteLine($"seed {seed}: {rewards} rewards; rejections: {string.Join(", ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}"))}");
        Assert.True(rewards > 100, $"only {rewards} rewards");
        Assert.True(releases > 50, $"only {releases} releases");

        // Replay from the start, and from a snapshot taken midway, reaches the same state.
        var replayed = Replay(new ExchangeCore(), x.Log, 0, x.Log.Count);
        Assert.Equal(x.Core.ComputeStateHash(), replayed.ComputeStateHash());
        var half = x.Log.Count / 2;
        var head = Replay(new ExchangeCore(), x.Log, 0, half);
        var resumed = Replay(ExchangeCore.LoadSnapshot(head.SaveSnapshot()), x.Log, half, x.Log.Count);
        Assert.Equal(x.Core.ComputeStateHash(), resumed.ComputeStateHash());
    }

    private static ExchangeCore Replay(ExchangeCore core, List<Command> log, int from, int to)
    {
        var buffer = new EventBuffer();
        for (var i = from; i < to; i++)
        {
            buffer.Clear();
            core.Apply(log[i], buffer);
        }

        return core;
    }

    private static Command Next(Random random, StakingExchange x, int step)
    {
        var user = random.Next(1, 6);
        var asset = random.Next(1, 3);
        var amount = random.Next(5) == 0 ? random.NextInt64(-10, 2_000) : random.NextInt64(1, 5_000_000);
        var reference = $"r{random.Next(step / 2 + 10)}";
        switch (random.Next(100))
        {
            case < 8:
                return Command.Deposit(random.Next(6) == 0 ? Rewards : user, asset, random.NextInt64(1, 50_000_000), $"d{step}");
            case < 14:
                return Command.Transfer(user, random.Next(1, 6), asset, amount, reference);
            case < 17:
                return Command.ReserveWithdrawal(user, asset, amount, reference);
            case < 19:
                return Command.CompleteWithdrawal(x.Core.PendingWithdrawals.FirstOrDefault()?.Id ?? 0);
            case < 45:
                return Command.Stake(user, asset, amount, reference);
            case < 65:
                var staked = x.Core.GetStakingPosition(user, asset)?.StakedAmount ?? 0;
                return Command.Unstake(user, asset, staked > 0 && random.Next(3) > 0 ? random.NextInt64(1, staked + 1) : amount, reference);
            case < 88:
                var product = x.Core.GetStakingProduct(asset)!;
                // Mostly the next unpaid period, sometimes a later one (a gap), an old one, or one not ended.
                var period = product.LastPaidPeriod + random.Next(5) switch { 0 => random.Next(-2, 1), 1 => random.Next(2, 5), _ => 1 };
                return Command.PayStakingRewards(random.Next(20) == 0 ? 9 : asset, random.Next(10) == 0 ? product.PeriodAt(x.Now) : period);
            case < 97:
                return Command.ReleaseUnstaked();
            default:
                return Command.SetStakingProduct(asset, random.Next(-10, 1_000_100), random.NextInt64(0, 2_000), random.NextInt64(-1, 4 * PeriodMs),
                    random.Next(4) == 0 ? PeriodMs : asset == Sol ? PeriodMs : PeriodMs / 2);
        }
    }
}
