using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class IcebergTests
{
    [Fact]
    public void Iceberg_shows_only_its_visible_slice_but_locks_the_whole_order()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 10);

        x.Place(Command.Iceberg(1, BtcUsdt, Side.Sell, Price(30_000), Qty(1), Qty(0.1m)));

        Assert.Equal([(30_000m, 0.1m)], x.Asks);
        Assert.Equal(Qty(1), x.Market.Asks.Best!.TotalQuantity);
        Assert.Equal(1m, x.Locked(1, Btc));
    }

    [Fact]
    public void Refreshed_iceberg_slice_loses_time_priority_to_orders_already_waiting()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 10);
        x.Fund(2, Btc, 10);
        x.Fund(3, Usdt, 1_000_000);
        var iceberg = x.Place(Command.Iceberg(1, BtcUsdt, Side.Sell, Price(30_000), Qty(1), Qty(0.1m)));
        var plain = x.Sell(2, 30_000, 0.1m);

        var events = x.Apply(Command.Limit(3, BtcUsdt, Side.Buy, Price(30_000), Qty(0.25m)));

        var makers = events.Where(e => e.Type == EventType.Trade).Select(e => (e.CounterOrderId, e.LastQuantity)).ToList();
        Assert.Equal([(iceberg, Qty(0.1m)), (plain, Qty(0.1m)), (iceberg, Qty(0.05m))], makers);
        Assert.Equal([(30_000m, 0.05m)], x.Asks);
        Assert.Equal(Qty(0.85m), x.Market.Asks.Best!.TotalQuantity);
    }

    [Fact]
    public void Iceberg_must_be_good_till_canceled_with_a_slice_smaller_than_the_order()
    {
        var x = new TestExchange();
        x.Fund(1, Btc, 10);
        var ioc = Command.Iceberg(1, BtcUsdt, Side.Sell, Price(30_000), Qty(1), Qty(0.1m));
        ioc.TimeInForce = TimeInForce.Ioc;

        x.Rejected(ioc, RejectReason.InvalidIceberg);
        x.Rejected(Command.Iceberg(1, BtcUsdt, Side.Sell, Price(30_000), Qty(1), Qty(1)), RejectReason.InvalidIceberg);
        x.Rejected(Command.Iceberg(1, BtcUsdt, Side.Sell, Price(30_000), Qty(1), Qty(0.000015m)), RejectReason.InvalidIceberg);
        // More than 100 slices.
        x.Rejected(Command.Iceberg(1, BtcUsdt, Side.Sell, Price(30_000), Qty(1), Qty(0.00999m)), RejectReason.InvalidIceberg);
    }
}
