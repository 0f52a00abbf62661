using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Accounts;

/// <summary>
/// An operator's freeze, as the core enforces it: deterministic refusals of new activity of the frozen kind, nothing
/// already under way disturbed, and the restrictions surviving a snapshot.
/// </summary>
public class AccountRestrictionsTests
{
    [Fact]
    public void A_user_frozen_for_trading_cannot_place_orders_or_convert_but_can_cancel_and_withdraw()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 100_000);
        x.Fund(1, Btc, 1);
        var resting = x.Buy(1, 20_000, 0.1m);

        var frozen = Assert.Single(x.Ok(Command.SetAccountRestrictions(1, AccountRestrictions.Trading)));
        Assert.Equal((EventType.AccountRestrictionsChanged, 1L, AccountRestrictions.Trading), (frozen.Type, frozen.UserId, frozen.Restrictions));

        x.Rejected(Command.Limit(1, BtcUsdt, Side.Buy, Price(20_000), Qty(0.1m)), RejectReason.AccountRestricted);
        x.Rejected(Command.Convert(1, Btc, Usdt, Qty(0.1m), BtcUsdt, 0, 1, long.MaxValue, "c-1"), RejectReason.AccountRestricted);
        Assert.Equal(RejectReason.AccountRestricted, x.Core.PlanConvert(1, Btc, Usdt, Qty(0.1m)).Reason);
        Assert.Contains(x.Ok(Command.Cancel(1, BtcUsdt, resting)), e => e.Type == EventType.OrderCanceled);
        Assert.Contains(x.Ok(Command.ReserveWithdrawal(1, Btc, Qty(0.5m), "w-1")), e => e.Type == EventType.WithdrawalReserved);

        x.Ok(Command.SetAccountRestrictions(1, AccountRestrictions.None));
        Assert.Contains(x.Ok(Command.Limit(1, BtcUsdt, Side.Buy, Price(20_000), Qty(0.1m))), e => e.Type == EventType.OrderAccepted);
    }

    [Fact]
    public void A_user_frozen_for_withdrawals_cannot_withdraw_or_send_but_can_trade_and_receive()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        x.Fund(2, Btc, 1);
        x.Ok(Command.SetAccountRestrictions(1, AccountRestrictions.Withdrawals));

        x.Rejected(Command.ReserveWithdrawal(1, Btc, Qty(0.5m), "w-1"), RejectReason.AccountRestricted);
        x.Rejected(Command.Transfer(1, 2, Btc, Qty(0.5m), "t-1"), RejectReason.AccountRestricted);
        x.Ok(Command.Transfer(2, 1, Btc, Qty(0.5m), "t-2"));
        Assert.Contains(x.Ok(Command.Limit(1, BtcUsdt, Side.Sell, Price(30_000), Qty(0.1m))), e => e.Type == EventType.OrderAccepted);
        Assert.Equal(1.4m, x.Available(1, Btc));
    }

    [Fact]
    public void A_pending_withdrawal_of_a_user_frozen_afterwards_still_completes()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        var reserved = Assert.Single(x.Ok(Command.ReserveWithdrawal(1, Btc, Qty(0.5m), "w-1")), e => e.Type == EventType.WithdrawalReserved);
        x.Ok(Command.SetAccountRestrictions(1, AccountRestrictions.Trading | AccountRestrictions.Withdrawals));

        Assert.Contains(x.Ok(Command.CompleteWithdrawal(reserved.ReferenceId)), e => e.Type == EventType.WithdrawalCompleted);
    }

    [Fact]
    public void Restrictions_naming_no_known_activity_or_no_user_are_refused_and_change_nothing()
    {
        var x = new TestExchange();
        var before = x.Core.ComputeStateHash();

        x.Rejected(Command.SetAccountRestrictions(1, (AccountRestrictions)4), RejectReason.InvalidRestrictions);
        x.Rejected(Command.SetAccountRestrictions(0, AccountRestrictions.Trading), RejectReason.InvalidUser);
        x.Rejected(Command.SetAccountRestrictions(-1, AccountRestrictions.Trading), RejectReason.InvalidUser);

        Assert.Equal(before, x.Core.ComputeStateHash());
    }

    [Fact]
    public void Restrictions_survive_a_snapshot_and_an_unrestricted_state_snapshots_as_before_they_existed()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        var plain = x.Core.SaveSnapshot();
        x.Ok(Command.SetAccountRestrictions(1, AccountRestrictions.Trading));

        var restored = ExchangeCore.LoadSnapshot(x.Core.SaveSnapshot());

        Assert.Equal(AccountRestrictions.Trading, restored.GetAccount(1)!.Restrictions);
        Assert.Equal(x.Core.ComputeStateHash(), restored.ComputeStateHash());
        x.Ok(Command.SetAccountRestrictions(1, AccountRestrictions.None));
        Assert.Equal(plain.AsSpan(16).ToArray(), x.Core.SaveSnapshot().AsSpan(16).ToArray());
    }
}
