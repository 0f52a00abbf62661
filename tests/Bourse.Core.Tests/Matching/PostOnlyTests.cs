using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class PostOnlyTests
{
    [Fact]
    public void Limit_maker_that_would_take_is_rejected_and_changes_nothing()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        x.Fund(2, Usdt, 100_000);
        x.Sell(1, 30_000, 0.1m);

        x.Rejected(Command.LimitMaker(2, BtcUsdt, Side.Buy, Price(30_000), Qty(0.1m)), RejectReason.WouldTake);
    }

    [Fact]
    public void Limit_maker_that_does_not_cross_rests()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 1);
        x.Fund(2, Usdt, 100_000);
        x.Sell(1, 30_000, 0.1m);

        var events = x.Apply(Command.LimitMaker(2, BtcUsdt, Side.Buy, Price(29_999.99m), Qty(0.1m)));

        Assert.Equal(TimeInForce.Gtc, Assert.Single(events, e => e.Type == EventType.OrderAccepted).TimeInForce);
        Assert.Equal([(29_999.99m, 0.1m)], x.Bids);
    }
}
