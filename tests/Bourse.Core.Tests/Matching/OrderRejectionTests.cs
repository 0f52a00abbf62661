using Bourse.Core.Commands;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class OrderRejectionTests
{
    private static TestExchange Funded()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 1_000_000);
        x.Fund(1, Btc, 100);
        return x;
    }

    public static TheoryData<string, Command, RejectReason> BadOrders => new()
    {
        { "unknown market", Command.Limit(1, 42, Side.Buy, Price(100), Qty(1)), RejectReason.UnknownMarket },
        { "price off the tick", Command.Limit(1, BtcUsdt, Side.Buy, Price(100.001m), Qty(1)), RejectReason.PriceFilter },
        { "zero price", Command.Limit(1, BtcUsdt, Side.Buy, 0, Qty(1)), RejectReason.InvalidPrice },
        { "negative price", Command.Limit(1, BtcUsdt, Side.Buy, -Price(1), Qty(1)), RejectReason.InvalidPrice },
        { "quantity off the lot", Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(0.000015m)), RejectReason.LotSize },
        { "quantity over the maximum", Command.Limit(1, BtcUsdt, Side.Sell, Price(100), Qty(9_001m)), RejectReason.LotSize },
        { "zero quantity", Command.Limit(1, BtcUsdt, Side.Buy, Price(100), 0), RejectReason.InvalidQuantity },
        { "notional under the minimum", Command.Limit(1, BtcUsdt, Side.Buy, Price(10), Qty(0.05m)), RejectReason.Notional },
        { "more than the balance", Command.Limit(1, BtcUsdt, Side.Buy, Price(100_000), Qty(11)), RejectReason.InsufficientBalance },
        { "sell more than held", Command.Limit(1, BtcUsdt, Side.Sell, Price(100), Qty(101)), RejectReason.InsufficientBalance },
        { "unknown user funds", Command.Limit(9, BtcUsdt, Side.Buy, Price(100), Qty(1)), RejectReason.InsufficientBalance },
        { "no time in force", Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(1), TimeInForce.None), RejectReason.InvalidTimeInForce },
        { "bad side", Command.Limit(1, BtcUsdt, (Side)9, Price(100), Qty(1)), RejectReason.InvalidSide },
        { "bad type", Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(1)) with { OrderType = (OrderType)42 }, RejectReason.InvalidOrderType },
        { "user zero", Command.Limit(0, BtcUsdt, Side.Buy, Price(100), Qty(1)), RejectReason.InvalidUser },
        { "client id too long", Command.Limit(1, BtcUsdt, Side.Buy, Price(100), Qty(1), clientOrderId: new string('x', 37)), RejectReason.DuplicateClientOrderId },
        { "notional overflows", Command.Limit(1, BtcUsdt, Side.Buy, long.MaxValue - (long.MaxValue % Price(0.01m)), Qty(9_000m)), RejectReason.Overflow },
        { "stop price off the tick", Command.StopLimit(1, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(99.999m), Price(99), Qty(1)), RejectReason.InvalidStopPrice },
        { "market with a price", Command.Market(1, BtcUsdt, Side.Buy, Qty(1)) with { Price = Price(1) }, RejectReason.InvalidOrderType },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public void Bad_order_is_rejected_with_its_reason_and_changes_nothing(string because, Command order, RejectReason reason)
    {
        Assert.NotEmpty(because);
        Funded().Rejected(order, reason);
    }

    [Fact]
    public void A_command_of_an_unknown_type_is_rejected_and_changes_nothing()
    {
        Funded().Rejected(new Command { Type = (CommandType)200, UserId = 1 }, RejectReason.UnknownCommand);
    }

    [Fact]
    public void Open_orders_per_user_are_capped()
    {
        var x = new TestExchange(new CoreOptions { MaxOpenOrdersPerUser = 2 });
        x.Fund(1, Usdt, 1_000);
        x.Buy(1, 100, 1);
        x.Buy(1, 101, 1);

        x.Rejected(Command.Limit(1, BtcUsdt, Side.Buy, Price(102), Qty(1)), RejectReason.TooManyOpenOrders);
    }
}
