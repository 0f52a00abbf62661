using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Accounts;

public class LedgerTests
{
    [Fact]
    public void Deposit_is_credited_once_per_reference()
    {
        var x = new TestExchange();

        var events = x.Ok(Command.Deposit(1, Btc, Qty(2), "tx1:0"));
        x.Rejected(Command.Deposit(1, Btc, Qty(2), "tx1:0"), RejectReason.DuplicateReference);

        Assert.Contains(events, e => e.Type == EventType.DepositCredited && e.Amount == Qty(2));
        var balance = Assert.Single(events, e => e.Type == EventType.BalanceChanged);
        Assert.Equal(BalanceChangeReason.Deposit, balance.BalanceReason);
        Assert.Equal(2m, x.Available(1, Btc));
        Assert.Equal(Qty(2), x.Core.SupplyOf(Btc));
    }

    [Fact]
    public void Withdrawal_locks_then_completes_and_leaves_the_supply()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 2);

        var reserved = Assert.Single(x.Ok(Command.ReserveWithdrawal(1, Btc, Qty(0.5m), "w-1")), e => e.Type == EventType.WithdrawalReserved);
        Assert.Equal(1.5m, x.Available(1, Btc));
        Assert.Equal(0.5m, x.Locked(1, Btc));

        x.Ok(Command.CompleteWithdrawal(reserved.ReferenceId));
        Assert.Equal(0m, x.Locked(1, Btc));
        Assert.Equal(Qty(1.5m), x.Core.SupplyOf(Btc));
        x.Rejected(Command.CompleteWithdrawal(reserved.ReferenceId), RejectReason.UnknownWithdrawal);
    }

    [Fact]
    public void Canceled_withdrawal_returns_the_funds()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 2);
        var id = x.Place(Command.ReserveWithdrawal(1, Btc, Qty(2), "w-1"));

        x.Ok(Command.CancelWithdrawal(id));

        Assert.Equal(2m, x.Available(1, Btc));
        Assert.Equal(0m, x.Locked(1, Btc));
        Assert.Equal(Qty(2), x.Core.SupplyOf(Btc));
    }

    [Fact]
    public void Withdrawal_retried_with_the_same_reference_reports_the_original()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 2);
        var id = x.Place(Command.ReserveWithdrawal(1, Btc, Qty(1), "w-1"));

        var retry = x.Apply(Command.ReserveWithdrawal(1, Btc, Qty(1), "w-1"));

        Assert.Equal(RejectReason.DuplicateReference, retry[0].Reason);
        Assert.Equal(id, retry[0].ReferenceId);
        Assert.Equal(1m, x.Available(1, Btc));
        x.Rejected(Command.ReserveWithdrawal(1, Btc, Qty(1.5m), "w-2"), RejectReason.InsufficientBalance);
    }

    [Fact]
    public void Transfer_moves_available_funds_once_per_reference()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 100);

        var events = x.Ok(Command.Transfer(1, 2, Usdt, Qty(40), "t-1"));
        x.Rejected(Command.Transfer(1, 2, Usdt, Qty(40), "t-1"), RejectReason.DuplicateReference);

        Assert.Equal(2, events.Count(e => e.Type == EventType.BalanceChanged && e.BalanceReason == BalanceChangeReason.Transfer));
        Assert.Equal(60m, x.Available(1, Usdt));
        Assert.Equal(40m, x.Available(2, Usdt));
    }

    [Fact]
    public void Bad_ledger_commands_are_rejected_and_change_nothing()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 100);

        x.Rejected(Command.Transfer(1, 1, Usdt, Qty(1), "t"), RejectReason.SelfTransfer);
        x.Rejected(Command.Transfer(1, 0, Usdt, Qty(1), "t"), RejectReason.InvalidUser);
        x.Rejected(Command.Transfer(1, SystemAccounts.Fees, Usdt, Qty(1), "t"), RejectReason.InvalidUser);
        x.Rejected(Command.Transfer(1, 2, Usdt, Qty(101), "t"), RejectReason.InsufficientBalance);
        x.Rejected(Command.Transfer(1, 2, Usdt, 0, "t"), RejectReason.InvalidAmount);
        x.Rejected(Command.Transfer(1, 2, Usdt, -5, "t"), RejectReason.InvalidAmount);
        x.Rejected(Command.Transfer(1, 2, 77, Qty(1), "t"), RejectReason.UnknownAsset);
        x.Rejected(Command.Deposit(1, Usdt, Qty(1), ""), RejectReason.MissingReference);
        x.Rejected(Command.Deposit(0, Usdt, Qty(1), "d"), RejectReason.InvalidUser);
        x.Rejected(Command.Deposit(1, Usdt, long.MaxValue, "d"), RejectReason.Overflow);
        x.Rejected(Command.CancelWithdrawal(999), RejectReason.UnknownWithdrawal);
    }

    [Fact]
    public void Accounts_of_any_user_id_are_kept_and_listed_in_id_order()
    {
        var x = new TestExchange();
        long[] users = [5_000_000_000, 3, 1L << 24, 7];
        foreach (var user in users)
        {
            x.Fund(user, Usdt, 1);
        }

        var listed = x.Core.Accounts.Select(a => a.UserId).ToList();

        Assert.Equal(listed.Order().ToList(), listed);
        Assert.All(users, u => Assert.Equal(1m, x.Available(u, Usdt)));
        var restored = ExchangeCore.LoadSnapshot(x.Core.SaveSnapshot());
        Assert.Equal(x.Core.ComputeStateHash(), restored.ComputeStateHash());
        Assert.Equal(Qty(1), restored.GetBalance(5_000_000_000, Usdt).Available);
    }
}
