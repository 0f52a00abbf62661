using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Core.Staking;
using static Bourse.Core.Tests.Staking.StakingExchange;

namespace Bourse.Core.Tests.Staking;

public class StakingTests
{
    private const int FivePercent = 50_000;
    private const long Sol1 = 1_000_000_000;

    /// <summary>
    /// SOL at 5% APR, minimum 0.1 SOL, 2 days unbonding, daily rewards, set a day ago; the rewards account and users 1
    /// and 2 hold 1000 SOL each.
    /// </summary>
    private static StakingExchange Setup(int ratePpm = FivePercent, long periodMs = Day)
    {
        var x = new StakingExchange();
        x.Ok(Command.SetStakingProduct(Sol, ratePpm, Sol1 / 10, 2 * Day, periodMs));
        x.Deposit(Rewards, Sol, 1000 * Sol1);
        x.Deposit(1, Sol, 1000 * Sol1);
        x.Deposit(2, Sol, 1000 * Sol1);
        x.Now += Day;
        return x;
    }

    private static long PeriodOf(StakingExchange x) => x.Core.GetStakingProduct(Sol)!.PeriodAt(x.Now);

    /// <summary>Moves the clock to the start of the next period and pays the one that just ended.</summary>
    private static List<Event> PayNextPeriod(StakingExchange x)
    {
        var product = x.Core.GetStakingProduct(Sol)!;
        var period = product.PeriodAt(x.Now);
        x.Now = product.EndOf(period);
        return x.Ok(Command.PayStakingRewards(Sol, period));
    }

    [Fact]
    public void Staking_moves_available_into_staked_and_reports_both()
    {
        var x = Setup();

        var events = x.Ok(Command.Stake(1, Sol, 10 * Sol1, "s-1"));

        var staked = Assert.Single(events, e => e.Type == EventType.Staked);
        Assert.Equal(10 * Sol1, staked.Amount);
        Assert.Equal(x.Log[^1].Sequence, staked.ReferenceId);
        Assert.Equal(PeriodOf(x) + 1, staked.Period);
        var balance = Assert.Single(events, e => e.Type == EventType.BalanceChanged);
        Assert.Equal(BalanceChangeReason.Stake, balance.BalanceReason);
        Assert.Equal(-10 * Sol1, balance.AvailableDelta);
        Assert.Equal(10 * Sol1, balance.StakedDelta);
        Assert.Equal(990 * Sol1, x.Balance(1, Sol).Available);
        Assert.Equal(10 * Sol1, x.Balance(1, Sol).Staked);
        Assert.Equal(10 * Sol1, x.Core.GetStakingPosition(1, Sol)!.StakedAmount);
    }

    [Theory]
    [InlineData(10_000_000_000L, FivePercent, Day, 365)]
    [InlineData(1L, 1, 1000L, 100)]
    [InlineData(123_456_789L, 73_123, 60_000L, 500)]
    [InlineData(3L, 999_999, Day, 30)]
    [InlineData(4_611_686_018_427L, 1_000_000, 7 * Day, 52)]
    public void Rewards_over_N_periods_equal_the_APR_exactly(long stake, int ratePpm, long periodMs, int periods)
    {
        var x = new StakingExchange();
        x.Ok(Command.SetStakingProduct(Sol, ratePpm, 1, 0, periodMs));
        x.Deposit(Rewards, Sol, 4_000_000_000_000_000_000);
        x.Deposit(1, Sol, stake);
        x.Ok(Command.Stake(1, Sol, stake, "s"));

        long paid = 0;
        // The period the stake was made in earns nothing: skip it.
        x.Now = x.Core.GetStakingProduct(Sol)!.EndOf(PeriodOf(x));
        for (var i = 0; i < periods; i++)
        {
            paid += PayNextPeriod(x).Where(e => e.Type == EventType.StakingRewardPaid).Sum(e => e.Amount);
        }

        var expected = (long)((Int128)periods * stake * ratePpm * periodMs / ((Int128)1_000_000 * StakingProduct.YearMs));
        Assert.Equal(expected, paid);
        Assert.Equal(expected, x.Balance(1, Sol).Available);
        Assert.Equal(expected, x.Core.GetStakingPosition(1, Sol)!.TotalRewards);
        Assert.Equal(stake, x.Balance(1, Sol).Staked);
    }

    [Fact]
    public void A_year_of_daily_rewards_at_5_percent_pays_5_percent()
    {
        var x = Setup();
        x.Ok(Command.Stake(1, Sol, 100 * Sol1, "s"));
        x.Now = x.Core.GetStakingProduct(Sol)!.EndOf(PeriodOf(x));

        for (var day = 0; day < 365; day++)
        {
            PayNextPeriod(x);
        }

        Assert.Equal(900 * Sol1 + 5 * Sol1, x.Balance(1, Sol).Available);
        Assert.Equal(1000 * Sol1 - 5 * Sol1, x.Balance(Rewards, Sol).Available);
    }

    [Fact]
    public void A_stake_earns_from_the_first_period_that_starts_after_it()
    {
        var x = Setup();
        x.Now += Day / 2;
        x.Ok(Command.Stake(1, Sol, 10 * Sol1, "s"));
        var stakedIn = PeriodOf(x);

        // The half period it was staked in pays nothing; the next whole one pays.
        Assert.DoesNotContain(PayNextPeriod(x), e => e.Type == EventType.StakingRewardPaid);
        Assert.Equal(stakedIn + 1, PeriodOf(x));
        var reward = Assert.Single(PayNextPeriod(x), e => e.Type == EventType.StakingRewardPaid);
        Assert.Equal(stakedIn + 1, reward.Period);
        Assert.Equal(1, reward.UserId);
        Assert.Equal(10 * Sol1 * FivePercent / 1_000_000 / 365, reward.Amount);
    }

    [Fact]
    public void A_late_reward_command_pays_what_was_staked_during_the_period()
    {
        var x = Setup();
        x.Ok(Command.Stake(1, Sol, 10 * Sol1, "s1"));
        var product = x.Core.GetStakingProduct(Sol)!;
        var earning = PeriodOf(x) + 1;

        // During the next period (after `earning` ended) user 1 stakes more and unstakes some; user 2 stakes.
        x.Now = product.EndOf(earning) + 1000;
        x.Ok(Command.Stake(1, Sol, 5 * Sol1, "s2"));
        x.Ok(Command.Stake(2, Sol, 50 * Sol1, "s3"));
        x.Ok(Command.Unstake(1, Sol, 12 * Sol1, "u1"));
        Assert.Equal(3 * Sol1, x.Core.GetStakingPosition(1, Sol)!.StakedAmount);

        var rewards = x.Ok(Command.PayStakingRewards(Sol, earning)).Where(e => e.Type == EventType.StakingRewardPaid).ToList();

        // Only user 1's 10 SOL earned in that period, in full.
        var reward = Assert.Single(rewards);
        Assert.Equal(1, reward.UserId);
        Assert.Equal(10 * Sol1 * FivePercent / 1_000_000 / 365, reward.Amount);

        // The period of those changes pays user 1's remaining 3 SOL (unstaking took the newest 5 first, then 7 of the
        // first 10); user 2 and the 5 SOL stake earn from the period after.
        x.Now = product.EndOf(earning + 1);
        var next = Assert.Single(x.Ok(Command.PayStakingRewards(Sol, earning + 1)), e => e.Type == EventType.StakingRewardPaid);
        Assert.Equal(1, next.UserId);
        x.Now = product.EndOf(earning + 2);
        var later = x.Ok(Command.PayStakingRewards(Sol, earning + 2)).Where(e => e.Type == EventType.StakingRewardPaid).ToList();
        Assert.Equal([1L, 2L], later.Select(e => e.UserId));
        Assert.Equal(50 * Sol1 * FivePercent / 1_000_000 / 365, later[1].Amount);
        // User 1's three rewards add up to what 10 + 3 + 3 SOL-periods earn, to the smallest unit.
        Assert.Equal(16 * Sol1 * FivePercent / 1_000_000 / 365, reward.Amount + next.Amount + later[0].Amount);
    }

    [Fact]
    public void Unstaked_funds_stop_earning_and_are_released_after_the_unbonding_time()
    {
        var x = Setup();
        x.Ok(Command.Stake(1, Sol, 10 * Sol1, "s"));
        PayNextPeriod(x);
        PayNextPeriod(x);
        var rewarded = x.Balance(1, Sol).Available;
        Assert.Equal(990 * Sol1 + 10 * Sol1 * FivePercent / 1_000_000 / 365, rewarded);

        var started = Assert.Single(x.Ok(Command.Unstake(1, Sol, 4 * Sol1, "u")), e => e.Type == EventType.UnstakeStarted);
        Assert.Equal(x.Now + 2 * Day, started.ReleaseAt);
        Assert.Equal(x.Log[^1].Sequence, started.ReferenceId);
        Assert.Equal(10 * Sol1, x.Balance(1, Sol).Staked);
        Assert.Equal(x.Now + 2 * Day, x.Core.NextReleaseAt);

        // A period later only 6 SOL earned; the 4 are still locked.
        var reward = Assert.Single(PayNextPeriod(x), e => e.Type == EventType.StakingRewardPaid);
        Assert.Equal(6 * Sol1 * FivePercent / 1_000_000 / 365, reward.Amount);
        Assert.DoesNotContain(x.Ok(Command.ReleaseUnstaked()), e => e.Type == EventType.UnstakeReleased);
        Assert.Equal(10 * Sol1, x.Balance(1, Sol).Staked);

        x.Now = started.ReleaseAt;
        var events = x.Ok(Command.ReleaseUnstaked());

        var released = Assert.Single(events, e => e.Type == EventType.UnstakeReleased);
        Assert.Equal(started.ReferenceId, released.ReferenceId);
        Assert.Equal(4 * Sol1, released.Amount);
        var balance = Assert.Single(events, e => e.Type == EventType.BalanceChanged);
        Assert.Equal(BalanceChangeReason.UnstakeReleased, balance.BalanceReason);
        Assert.Equal(-4 * Sol1, balance.StakedDelta);
        Assert.Equal(6 * Sol1, x.Balance(1, Sol).Staked);
        Assert.Equal(rewarded + 4 * Sol1 + reward.Amount, x.Balance(1, Sol).Available);
        Assert.Null(x.Core.NextReleaseAt);
        Assert.Empty(x.Core.UnbondingOf(1));
    }

    [Fact]
    public void Stake_and_unstake_are_idempotent_per_user_and_reference()
    {
        var x = Setup();
        var stakeId = x.Ok(Command.Stake(1, Sol, Sol1, "r")).Single(e => e.Type == EventType.Staked).ReferenceId;
        var unstakeId = x.Ok(Command.Unstake(1, Sol, Sol1 / 2, "r")).Single(e => e.Type == EventType.UnstakeStarted).ReferenceId;

        Assert.Equal(stakeId, x.Rejected(Command.Stake(1, Sol, Sol1, "r"), RejectReason.DuplicateReference).ReferenceId);
        Assert.Equal(unstakeId, x.Rejected(Command.Unstake(1, Sol, Sol1 / 2, "r"), RejectReason.DuplicateReference).ReferenceId);
        Assert.Equal(new StakingRequest(stakeId, Sol, Sol1, 0), x.Core.FindStake(1, "r"));
        Assert.Equal(unstakeId, x.Core.FindUnstake(1, "r")!.Value.Id);
        Assert.Null(x.Core.FindStake(2, "r"));

        // Another user's reference is their own.
        x.Ok(Command.Stake(2, Sol, Sol1, "r"));
    }

    [Fact]
    public void Bad_staking_commands_are_rejected_and_change_nothing()
    {
        var x = Setup();
        x.Ok(Command.Stake(1, Sol, Sol1, "s"));

        x.Rejected(Command.Stake(1, Usdt, 1_000_000, "x"), RejectReason.UnknownStakingProduct);
        x.Rejected(Command.Stake(1, 99, 1, "x"), RejectReason.UnknownAsset);
        x.Rejected(Command.Stake(1, Sol, Sol1 / 10 - 1, "x"), RejectReason.BelowMinimum);
        x.Rejected(Command.Stake(1, Sol, 0, "x"), RejectReason.InvalidAmount);
        x.Rejected(Command.Stake(1, Sol, -Sol1, "x"), RejectReason.InvalidAmount);
        x.Rejected(Command.Stake(1, Sol, 1000 * Sol1, "x"), RejectReason.InsufficientBalance);
        x.Rejected(Command.Stake(3, Sol, Sol1, "x"), RejectReason.InsufficientBalance);
        x.Rejected(Command.Stake(1, Sol, Sol1, ""), RejectReason.MissingReference);
        x.Rejected(Command.Stake(0, Sol, Sol1, "x"), RejectReason.InvalidUser);
        x.Rejected(Command.Stake(Rewards, Sol, Sol1, "x"), RejectReason.InvalidUser);
        x.Rejected(Command.Unstake(1, Sol, Sol1 + 1, "x"), RejectReason.InsufficientStake);
        x.Rejected(Command.Unstake(2, Sol, 1, "x"), RejectReason.InsufficientStake);
        x.Rejected(Command.Unstake(1, Usdt, 1, "x"), RejectReason.UnknownStakingProduct);
        x.Rejected(Command.Unstake(1, Sol, 0, "x"), RejectReason.InvalidAmount);

        x.Rejected(Command.SetStakingProduct(99, FivePercent, 1, 0, Day), RejectReason.UnknownAsset);
        x.Rejected(Command.SetStakingProduct(Usdt, 0, 1, 0, Day), RejectReason.InvalidStakingProduct);
        x.Rejected(Command.SetStakingProduct(Usdt, -1, 1, 0, Day), RejectReason.InvalidStakingProduct);
        x.Rejected(Command.SetStakingProduct(Usdt, 1_000_001, 1, 0, Day), RejectReason.InvalidStakingProduct);
        x.Rejected(Command.SetStakingProduct(Usdt, FivePercent, 0, 0, Day), RejectReason.InvalidStakingProduct);
        x.Rejected(Command.SetStakingProduct(Usdt, FivePercent, 1, -1, Day), RejectReason.InvalidStakingProduct);
        x.Rejected(Command.SetStakingProduct(Usdt, FivePercent, 1, 0, 0), RejectReason.InvalidStakingProduct);
        x.Rejected(Command.SetStakingProduct(Usdt, FivePercent, 1, 0, 400 * Day), RejectReason.InvalidStakingProduct);
        // The period length of an existing product is fixed: periods already paid keep their meaning.
        x.Rejected(Command.SetStakingProduct(Sol, FivePercent, 1, 0, Day / 2), RejectReason.InvalidStakingProduct);

        var period = PeriodOf(x);
        x.Rejected(Command.PayStakingRewards(Sol, period), RejectReason.PeriodNotEnded);
        x.Rejected(Command.PayStakingRewards(Sol, long.MaxValue), RejectReason.PeriodNotEnded);
        x.Rejected(Command.PayStakingRewards(Usdt, period - 1), RejectReason.UnknownStakingProduct);
        x.Rejected(Command.PayStakingRewards(Sol, period - 1), RejectReason.PeriodAlreadyPaid);
    }

    [Fact]
    public void Periods_are_paid_once_in_increasing_order_and_gaps_are_allowed()
    {
        var x = Setup();
        x.Ok(Command.Stake(1, Sol, 10 * Sol1, "s"));
        var first = PeriodOf(x) + 1;
        x.Now = x.Core.GetStakingProduct(Sol)!.EndOf(first + 5);

        x.Ok(Command.PayStakingRewards(Sol, first + 2));

        x.Rejected(Command.PayStakingRewards(Sol, first + 2), RejectReason.PeriodAlreadyPaid);
        x.Rejected(Command.PayStakingRewards(Sol, first + 1), RejectReason.PeriodAlreadyPaid);
        x.Ok(Command.PayStakingRewards(Sol, first + 5));
        Assert.Equal(first + 5, x.Core.GetStakingProduct(Sol)!.LastPaidPeriod);
    }

    [Fact]
    public void A_rewards_account_that_cannot_pay_the_whole_period_pays_nothing()
    {
        var x = new StakingExchange();
        x.Ok(Command.SetStakingProduct(Sol, 1_000_000, 1, 0, Day));
        x.Deposit(1, Sol, 365 * Sol1);
        x.Deposit(2, Sol, 365 * Sol1);
        x.Ok(Command.Stake(1, Sol, 365 * Sol1, "a"));
        x.Ok(Command.Stake(2, Sol, 365 * Sol1, "b"));
        // Each earns 1 SOL a day; the account holds 1.5.
        x.Deposit(Rewards, Sol, 3 * Sol1 / 2);
        var period = PeriodOf(x) + 1;
        x.Now = x.Core.GetStakingProduct(Sol)!.EndOf(period);

        x.Rejected(Command.PayStakingRewards(Sol, period), RejectReason.InsufficientBalance);

        // Funded, the retry pays both.
        x.Deposit(Rewards, Sol, Sol1);
        var paid = x.Ok(Command.PayStakingRewards(Sol, period)).Where(e => e.Type == EventType.StakingRewardPaid).ToList();
        Assert.Equal([Sol1, Sol1], paid.Select(e => e.Amount));
        Assert.Equal(Sol1 / 2, x.Balance(Rewards, Sol).Available);
    }

    [Fact]
    public void Changing_the_rate_applies_to_the_periods_paid_after_it()
    {
        var x = Setup();
        x.Ok(Command.Stake(1, Sol, 365 * Sol1, "s"));
        x.Now = x.Core.GetStakingProduct(Sol)!.EndOf(PeriodOf(x));
        var first = PayNextPeriod(x).Single(e => e.Type == EventType.StakingRewardPaid).Amount;

        var set = Assert.Single(x.Ok(Command.SetStakingProduct(Sol, 2 * FivePercent, Sol1, Day, Day)));
        Assert.Equal(EventType.StakingProductSet, set.Type);
        var second = PayNextPeriod(x).Single(e => e.Type == EventType.StakingRewardPaid).Amount;

        Assert.Equal(Sol1 * FivePercent / 1_000_000, first);
        Assert.Equal(2 * first, second);
        Assert.Equal(Sol1, x.Core.GetStakingProduct(Sol)!.MinimumAmount);
        Assert.Equal(Day, x.Core.GetStakingProduct(Sol)!.UnbondingMs);
    }

    [Fact]
    public void Reward_events_move_funds_from_the_rewards_account_with_the_staking_reward_reason()
    {
        var x = Setup();
        x.Ok(Command.Stake(1, Sol, 365 * Sol1, "s"));
        x.Now = x.Core.GetStakingProduct(Sol)!.EndOf(PeriodOf(x));

        var events = PayNextPeriod(x);

        var changes = events.Where(e => e.Type == EventType.BalanceChanged).ToList();
        Assert.All(changes, e => Assert.Equal(BalanceChangeReason.StakingReward, e.BalanceReason));
        var reward = Sol1 * FivePercent / 1_000_000;
        Assert.Contains(changes, e => e.UserId == Rewards && e.AvailableDelta == -reward);
        Assert.Contains(changes, e => e.UserId == 1 && e.AvailableDelta == reward && e.StakedDelta == 0);
    }

    [Fact]
    public void Staking_state_survives_a_snapshot_exactly()
    {
        var x = Setup(periodMs: 60_000);
        x.Ok(Command.Stake(1, Sol, 7 * Sol1 + 3, "a"));
        x.Now += 61_000;
        x.Ok(Command.Stake(1, Sol, Sol1, "b"));
        x.Ok(Command.Stake(2, Sol, 33 * Sol1 + 1, "c"));
        x.Now += 60_000;
        x.Ok(Command.Unstake(1, Sol, 2 * Sol1, "u"));
        x.Ok(Command.PayStakingRewards(Sol, PeriodOf(x) - 1));

        x.Restore();

        Assert.Equal(PeriodOf(x) - 1, x.Core.GetStakingProduct(Sol)!.LastPaidPeriod);
        Assert.NotNull(x.Core.FindStake(2, "c"));
        Assert.NotNull(x.Core.FindUnstake(1, "u"));
        Assert.Single(x.Core.UnbondingOf(1));
        // The restored core goes on: the next period pays.
        x.Now += 60_000;
        Assert.Contains(x.Ok(Command.PayStakingRewards(Sol, PeriodOf(x) - 1)), e => e.Type == EventType.StakingRewardPaid);
        x.Rejected(Command.Stake(1, Sol, Sol1, "a"), RejectReason.DuplicateReference);
    }

    [Fact]
    public void Staking_commands_survive_the_log_encoding()
    {
        Command[] commands =
        [
            Command.SetStakingProduct(7, 123_456, 987_654_321_000, 3 * Day, 60_000),
            Command.Stake(12_345_678_901, 7, long.MaxValue, "stake-é"),
            Command.Unstake(1, 4095, 1, new string('u', 128)),
            Command.PayStakingRewards(7, 29_934_720),
            Command.PayStakingRewards(1, long.MaxValue),
            Command.ReleaseUnstaked(),
        ];
        var buffer = new byte[4096];
        long sequence = 0;
        foreach (var original in commands)
        {
            var command = original.At(++sequence, Start + sequence);
            var length = CommandCodec.Write(command, buffer);
            Assert.True(length <= CommandCodec.MaxLength(command));

            Assert.Equal(command, CommandCodec.Read(buffer.AsSpan(0, length), command.Sequence));
        }
    }

    [Fact]
    public void The_next_earning_period_skips_periods_nobody_earned_in()
    {
        var x = Setup();
        Assert.Null(x.Core.NextEarningPeriod(Sol));
        Assert.Null(x.Core.NextEarningPeriod(Usdt));
        var product = x.Core.GetStakingProduct(Sol)!;

        x.Now += 10 * Day;
        x.Ok(Command.Stake(1, Sol, Sol1, "s"));
        var first = PeriodOf(x) + 1;
        Assert.Equal(first, x.Core.NextEarningPeriod(Sol));

        // Paying it moves the next one on; unstaking everything before more periods end leaves only what is owed.
        x.Now = product.EndOf(first);
        x.Ok(Command.PayStakingRewards(Sol, first));
        Assert.Equal(first + 1, x.Core.NextEarningPeriod(Sol));
        x.Now = product.EndOf(first + 1) + 1;
        x.Ok(Command.Unstake(1, Sol, Sol1, "u"));
        Assert.Equal(first + 1, x.Core.NextEarningPeriod(Sol));
        x.Ok(Command.PayStakingRewards(Sol, first + 1));
        Assert.Null(x.Core.NextEarningPeriod(Sol));
    }
}
