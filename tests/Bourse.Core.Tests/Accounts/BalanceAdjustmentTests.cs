using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Accounts;

/// <summary>
/// An operator's credit or debit: once per reference, never below zero, moving the supply and counted apart from
/// deposits so reconciliation can show it, and surviving a snapshot.
/// </summary>
public class BalanceAdjustmentTests
{
    [Fact]
    public void A_credit_adds_to_the_balance_and_the_supply_once_per_reference_and_is_counted_as_an_adjustment()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);

        var events = x.Ok(Command.AdjustBalance(1, Btc, Qty(0.25m), "adj-1"));
        x.Rejected(Command.AdjustBalance(1, Btc, Qty(0.25m), "adj-1"), RejectReason.DuplicateReference);
        x.Rejected(Command.AdjustBalance(2, Btc, Qty(0.25m), "adj-1"), RejectReason.DuplicateReference);

        var adjusted = Assert.Single(events, e => e.Type == EventType.BalanceAdjusted);
        Assert.Equal((1L, Btc, Qty(0.25m), "adj-1"), (adjusted.UserId, adjusted.AssetId, adjusted.Amount, adjusted.Reference));
        Assert.Equal(BalanceChangeReason.Adjustment, Assert.Single(events, e => e.Type == EventType.BalanceChanged).BalanceReason);
        Assert.Equal(1.25m, x.Available(1, Btc));
        Assert.Equal(Qty(1.25m), x.Core.SupplyOf(Btc));
        Assert.Equal(Qty(0.25m), x.Core.AdjustmentsOf(Btc));
    }

    [Fact]
    public void An_applied_adjustment_is_found_by_its_reference_and_a_refused_one_is_not()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        var applied = x.Ok(Command.AdjustBalance(1, Btc, Qty(0.25m), "found")).First().Sequence;
        x.Rejected(Command.AdjustBalance(1, Btc, -Qty(5), "refused"), RejectReason.InsufficientBalance);

        Assert.Equal(applied, x.Core.FindAdjustment("found"));
        Assert.Null(x.Core.FindAdjustment("refused"));
        Assert.Null(x.Core.FindAdjustment("never"));
    }

    [Fact]
    public void A_debit_takes_from_the_available_balance_and_never_more_than_is_available()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        x.Sell(1, 30_000, 0.5m);

        x.Rejected(Command.AdjustBalance(1, Btc, -Qty(0.6m), "too-much"), RejectReason.InsufficientBalance);
        x.Ok(Command.AdjustBalance(1, Btc, -Qty(0.5m), "debit"));

        Assert.Equal(0m, x.Available(1, Btc));
        Assert.Equal(0.5m, x.Locked(1, Btc));
        Assert.Equal(Qty(0.5m), x.Core.SupplyOf(Btc));
        Assert.Equal(-Qty(0.5m), x.Core.AdjustmentsOf(Btc));
    }

    [Theory]
    [InlineData(0, Btc, 1, "r", RejectReason.InvalidUser)]
    [InlineData(-2, Btc, 1, "r", RejectReason.InvalidUser)]
    [InlineData(1, 99, 1, "r", RejectReason.UnknownAsset)]
    [InlineData(1, Btc, 0, "r", RejectReason.InvalidAmount)]
    [InlineData(1, Btc, long.MinValue, "r", RejectReason.InvalidAmount)]
    [InlineData(1, Btc, 1, "", RejectReason.MissingReference)]
    [InlineData(1, Btc, long.MaxValue, "r", RejectReason.Overflow)]
    public void A_bad_adjustment_is_refused_and_changes_nothing(long userId, int assetId, long amount, string reference, RejectReason reason)
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);

        x.Rejected(Command.AdjustBalance(userId, assetId, amount, reference), reason);
    }

    [Fact]
    public void Adjustments_survive_a_snapshot_with_their_references()
    {
        var x = new TestExchange();
        x.Ok(Command.AdjustBalance(1, Btc, Qty(2), "adj-1"));
        x.Ok(Command.AdjustBalance(1, Usdt, Qty(5), "adj-2"));

        var restored = ExchangeCore.LoadSnapshot(x.Core.SaveSnapshot());

        Assert.Equal(x.Core.ComputeStateHash(), restored.ComputeStateHash());
        Assert.Equal(Qty(2), restored.AdjustmentsOf(Btc));
        var again = new Events.EventBuffer();
        restored.Apply(Command.AdjustBalance(1, Btc, Qty(2), "adj-1").At(x.LastSequence + 1, 1_800_000_000_000), again);
        Assert.Equal(RejectReason.DuplicateReference, Assert.Single(again.Events.ToArray()).Reason);
    }

    [Fact]
    public void A_snapshot_with_a_section_this_version_does_not_know_is_refused()
    {
        var x = new TestExchange();
        var snapshot = x.Core.SaveSnapshot().Append((byte)200).ToArray();

        Assert.Throws<InvalidDataException>(() => ExchangeCore.LoadSnapshot(snapshot));
    }
}
