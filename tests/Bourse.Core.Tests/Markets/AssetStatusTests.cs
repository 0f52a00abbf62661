using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Markets;

/// <summary>
/// An asset's name and suspensions, as the core enforces them: a suspended movement is refused deterministically,
/// trading and what is already under way are not disturbed, and the status survives a snapshot.
/// </summary>
public class AssetStatusTests
{
    [Fact]
    public void An_asset_with_deposits_suspended_refuses_deposits_but_still_trades_and_withdraws()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        var set = Assert.Single(x.Ok(Command.SetAssetStatus(Btc, "Bitcoin", AssetSuspensions.Deposits)));
        Assert.Equal((EventType.AssetStatusChanged, Btc, "Bitcoin", (long)AssetSuspensions.Deposits), (set.Type, set.AssetId, set.Reference, set.Amount));

        x.Rejected(Command.Deposit(1, Btc, Qty(1), "d-1"), RejectReason.AssetSuspended);
        Assert.Contains(x.Ok(Command.Limit(1, BtcUsdt, Side.Sell, Price(30_000), Qty(0.1m))), e => e.Type == EventType.OrderAccepted);
        Assert.Contains(x.Ok(Command.ReserveWithdrawal(1, Btc, Qty(0.5m), "w-1")), e => e.Type == EventType.WithdrawalReserved);
        Assert.Equal(new AssetStatus("Bitcoin", AssetSuspensions.Deposits), x.Core.AssetStatusOf(Btc));
    }

    [Fact]
    public void An_asset_with_withdrawals_suspended_refuses_withdrawals_and_transfers_but_credits_deposits()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        var pending = Assert.Single(x.Ok(Command.ReserveWithdrawal(1, Btc, Qty(0.25m), "w-0")), e => e.Type == EventType.WithdrawalReserved);
        x.Ok(Command.SetAssetStatus(Btc, null, AssetSuspensions.Withdrawals));

        x.Rejected(Command.ReserveWithdrawal(1, Btc, Qty(0.5m), "w-1"), RejectReason.AssetSuspended);
        x.Rejected(Command.Transfer(1, 2, Btc, Qty(0.5m), "t-1"), RejectReason.AssetSuspended);
        x.Fund(1, Btc, 1);
        Assert.Contains(x.Ok(Command.CompleteWithdrawal(pending.ReferenceId)), e => e.Type == EventType.WithdrawalCompleted);

        x.Ok(Command.SetAssetStatus(Btc, null, AssetSuspensions.None));
        Assert.Contains(x.Ok(Command.Transfer(1, 2, Btc, Qty(0.5m), "t-1")), e => e.Type == EventType.TransferCompleted);
    }

    [Fact]
    public void A_status_for_no_asset_with_unknown_suspensions_or_a_blank_name_is_refused_and_changes_nothing()
    {
        var x = new TestExchange();

        x.Rejected(Command.SetAssetStatus(42, "Nothing", AssetSuspensions.None), RejectReason.UnknownAsset);
        x.Rejected(Command.SetAssetStatus(Btc, "Bitcoin", (AssetSuspensions)4), RejectReason.InvalidAssetSpec);
        x.Rejected(Command.SetAssetStatus(Btc, " ", AssetSuspensions.None), RejectReason.InvalidAssetSpec);
        x.Rejected(Command.SetAssetStatus(Btc, new string('x', 65), AssetSuspensions.None), RejectReason.InvalidAssetSpec);
    }

    [Fact]
    public void The_status_survives_a_snapshot_and_an_asset_back_to_defaults_snapshots_as_before()
    {
        var x = new TestExchange();
        var plain = x.Core.SaveSnapshot();
        x.Ok(Command.SetAssetStatus(Btc, "Bitcoin", AssetSuspensions.Deposits | AssetSuspensions.Withdrawals));
        x.Ok(Command.SetAssetStatus(Usdt, "Tether", AssetSuspensions.None));

        var restored = ExchangeCore.LoadSnapshot(x.Core.SaveSnapshot());

        Assert.Equal(new AssetStatus("Bitcoin", AssetSuspensions.Deposits | AssetSuspensions.Withdrawals), restored.AssetStatusOf(Btc));
        Assert.Equal(new AssetStatus("Tether", AssetSuspensions.None), restored.AssetStatusOf(Usdt));
        Assert.Equal(x.Core.ComputeStateHash(), restored.ComputeStateHash());
        x.Ok(Command.SetAssetStatus(Btc, null, AssetSuspensions.None));
        x.Ok(Command.SetAssetStatus(Usdt, null, AssetSuspensions.None));
        Assert.Equal(plain.AsSpan(16).ToArray(), x.Core.SaveSnapshot().AsSpan(16).ToArray());
    }
}
