using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class SelfTradePreventionTests
{
    private const long Me = 1;
    private const long Other = 2;

    /// <summary>Asks: mine at 100 then another user's at 100 and at 101.</summary>
    private static (TestExchange X, long Mine, long Theirs) Book()
    {
        var x = new TestExchange();
        x.Fund(Me, Btc, 10);
        x.Fund(Me, Usdt, 100_000);
        x.Fund(Other, Btc, 10);
        var mine = x.Sell(Me, 100, 1);
        var theirs = x.Sell(Other, 100, 1);
        x.Sell(Other, 101, 1);
        return (x, mine, theirs);
    }

    private static Command MyBuy(SelfTradePrevention mode) =>
        Command.Limit(Me, BtcUsdt, Side.Buy, Price(101), Qty(1.5m), TimeInForce.Gtc, selfTradePrevention: mode);

    [Fact]
    public void None_lets_a_user_trade_with_itself()
    {
        var (x, mine, _) = Book();

        var events = x.Apply(MyBuy(SelfTradePrevention.None));

        Assert.Equal(mine, events.First(e => e.Type == EventType.Trade).CounterOrderId);
        Assert.Equal(2, events.Count(e => e.Type == EventType.Trade));
    }

    [Fact]
    public void Expire_taker_expires_the_incoming_order_when_it_meets_its_own()
    {
        var (x, mine, _) = Book();

        var events = x.Apply(MyBuy(SelfTradePrevention.ExpireTaker));

        Assert.DoesNotContain(events, e => e.Type == EventType.Trade);
        var expired = Assert.Single(events, e => e.Type == EventType.OrderExpired);
        Assert.Equal(OrderStatus.ExpiredInMatch, expired.Status);
        Assert.Equal(Qty(1), expired.PreventedQuantity);
        Assert.NotNull(x.Core.GetOpenOrder(mine));
        Assert.Equal(0m, x.Locked(Me, Usdt));
    }

    [Fact]
    public void Expire_maker_expires_the_resting_order_and_the_taker_trades_on()
    {
        var (x, mine, theirs) = Book();

        var events = x.Apply(MyBuy(SelfTradePrevention.ExpireMaker));

        var expired = Assert.Single(events, e => e.Type == EventType.OrderExpired);
        Assert.Equal(mine, expired.OrderId);
        Assert.Equal(OrderStatus.ExpiredInMatch, expired.Status);
        Assert.Equal(theirs, events.First(e => e.Type == EventType.Trade).CounterOrderId);
        Assert.Equal(2, events.Count(e => e.Type == EventType.Trade));
        Assert.Null(x.Core.GetOpenOrder(mine));
        Assert.Equal(0m, x.Locked(Me, Btc));
    }

    [Fact]
    public void Expire_both_expires_the_resting_and_the_incoming_order()
    {
        var (x, mine, _) = Book();

        var events = x.Apply(MyBuy(SelfTradePrevention.ExpireBoth));

        Assert.Equal(2, events.Count(e => e.Type == EventType.OrderExpired && e.Status == OrderStatus.ExpiredInMatch));
        Assert.DoesNotContain(events, e => e.Type == EventType.Trade);
        Assert.Null(x.Core.GetOpenOrder(mine));
        Assert.Equal(0m, x.Locked(Me, Btc));
        Assert.Equal(0m, x.Locked(Me, Usdt));
    }

    [Fact]
    public void Fill_or_kill_counts_only_liquidity_that_self_trade_prevention_lets_it_reach()
    {
        var (x, _, _) = Book();

        x.Rejected(Command.Limit(Me, BtcUsdt, Side.Buy, Price(101), Qty(2.5m), TimeInForce.Fok, selfTradePrevention: SelfTradePrevention.ExpireMaker),
            RejectReason.FokNotFillable);
        x.Rejected(Command.Limit(Me, BtcUsdt, Side.Buy, Price(101), Qty(0.5m), TimeInForce.Fok, selfTradePrevention: SelfTradePrevention.ExpireTaker),
            RejectReason.FokNotFillable);
    }
}
