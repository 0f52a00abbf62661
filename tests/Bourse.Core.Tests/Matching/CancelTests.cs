using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class CancelTests
{
    [Fact]
    public void Cancel_by_id_or_client_id_removes_the_order_and_unlocks_its_funds()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 10_000);
        var byId = x.Buy(1, 100, 1);
        x.Place(Command.Limit(1, BtcUsdt, Side.Buy, Price(99), Qty(1), clientOrderId: "c-1"));

        var canceled = Assert.Single(x.Ok(Command.Cancel(1, BtcUsdt, byId)), e => e.Type == EventType.OrderCanceled);
        x.Ok(Command.CancelByClientId(1, BtcUsdt, "c-1"));

        Assert.Equal(OrderStatus.Canceled, canceled.Status);
        Assert.Empty(x.Bids);
        Assert.Equal(10_000m, x.Available(1, Usdt));
        Assert.Equal(0m, x.Locked(1, Usdt));
    }

    [Fact]
    public void A_user_can_not_cancel_another_users_order_nor_one_that_does_not_exist()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 10_000);
        var order = x.Buy(1, 100, 1);

        x.Rejected(Command.Cancel(2, BtcUsdt, order), RejectReason.UnknownOrder);
        x.Rejected(Command.Cancel(1, BtcUsdt, order + 100), RejectReason.UnknownOrder);
        x.Rejected(Command.CancelByClientId(1, BtcUsdt, "nope"), RejectReason.UnknownOrder);
        x.Rejected(Command.Cancel(1, 99, order), RejectReason.UnknownMarket);
    }

    [Fact]
    public void Cancel_all_cancels_only_the_users_orders_in_that_market()
    {
        var x = new TestExchange();
        x.Ok(Command.CreateMarket(Spec with { Id = 2, Symbol = "ETHUSDT", BaseAssetId = Eth }));
        x.Fund(1, Usdt, 100_000);
        x.Fund(2, Usdt, 100_000);
        x.Buy(1, 100, 1);
        x.Buy(1, 101, 1);
        x.Buy(2, 100, 1);
        var other = x.Place(Command.Limit(1, 2, Side.Buy, Price(10), Qty(1)));

        var events = x.Ok(Command.CancelAll(1, BtcUsdt));

        Assert.Equal(2, events.Count(e => e.Type == EventType.OrderCanceled));
        Assert.Equal([(100m, 1m)], x.Bids);
        Assert.NotNull(x.Core.GetOpenOrder(other));
        x.Rejected(Command.CancelAll(1, BtcUsdt), RejectReason.UnknownOrder);
    }

    [Fact]
    public void Cancel_replace_swaps_an_order_in_one_step()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 150);
        var old = x.Buy(1, 100, 1);

        // The new order needs the funds the old one releases.
        var events = x.Ok(Command.CancelReplace(old, Command.Limit(1, BtcUsdt, Side.Buy, Price(150), Qty(1))));

        Assert.Contains(events, e => e.Type == EventType.OrderCanceled && e.OrderId == old);
        Assert.Contains(events, e => e.Type == EventType.OrderAccepted && e.OrderId == x.LastSequence);
        Assert.Equal([(150m, 1m)], x.Bids);
    }

    [Fact]
    public void Cancel_replace_stops_on_a_failed_cancel_unless_failure_is_allowed()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 1_000);

        x.Rejected(Command.CancelReplace(12345, Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(1))), RejectReason.UnknownOrder);

        var events = x.Apply(Command.CancelReplace(12345, Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(1)), allowCancelFailure: true));
        Assert.Equal(RejectReason.UnknownOrder, events[0].Reason);
        Assert.Contains(events, e => e.Type == EventType.OrderAccepted);
    }

    [Fact]
    public void Halted_market_refuses_orders_and_cancels_while_cancel_only_allows_cancels()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 1_000);
        var order = x.Buy(1, 100, 1);

        x.Ok(Command.SetMarketStatus(BtcUsdt, MarketStatus.Halted));
        x.Rejected(Command.Cancel(1, BtcUsdt, order), RejectReason.MarketNotTrading);
        x.Rejected(Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(1)), RejectReason.MarketNotTrading);

        x.Ok(Command.SetMarketStatus(BtcUsdt, MarketStatus.CancelOnly));
        x.Rejected(Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(1)), RejectReason.MarketNotTrading);
        x.Ok(Command.Cancel(1, BtcUsdt, order));
    }
}
