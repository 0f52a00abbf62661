using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Trading.Tests.TestMarkets;

namespace Bourse.Trading.Tests.Reports;

/// <summary>Orders read out of the events of real core runs, in the core's units.</summary>
public class OrderReportsTests
{
    private const long Taker = 1;
    private const long Maker = 2;
    private const int Market = 1;
    private const long BaseTime = 1_700_000_000_000;

    private readonly ExchangeCore _core = new();
    private readonly EventBuffer _buffer = new();
    private long _sequence;

    public OrderReportsTests()
    {
        Apply(Command.CreateAsset(Btc));
        Apply(Command.CreateAsset(Usdt));
        Apply(Command.CreateMarket(BtcUsdt.Spec));
        Apply(Command.Deposit(Maker, Btc.Id, Units(10m), "fund-maker"));
        Apply(Command.Deposit(Taker, Usdt.Id, Units(100_000m), "fund-taker"));
        Apply(Command.Limit(Maker, Market, Side.Sell, Units(65000m), Units(0.1m), clientOrderId: "maker-1"));
        Apply(Command.Limit(Maker, Market, Side.Sell, Units(65001m), Units(0.2m), clientOrderId: "maker-2"));
    }

    [Fact]
    public void A_taker_order_is_reported_as_of_its_last_event_with_each_fill()
    {
        var events = Apply(Command.Limit(Taker, Market, Side.Buy, Units(65001m), Units(0.25m), clientOrderId: "taker-1"));

        var placed = OrderReports.Placed(events);

        Assert.Null(placed.Refused);
        var order = Assert.IsType<OrderReport>(placed.Order);
        Assert.Equal(_sequence, order.OrderId);
        Assert.Equal("taker-1", order.ClientOrderId);
        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(Units(0.25m), order.OriginalQuantity);
        Assert.Equal(Units(0.25m), order.ExecutedQuantity);
        Assert.Equal(Units(65000m * 0.1m + 65001m * 0.15m), order.CumulativeQuote);
        Assert.Equal(BaseTime + _sequence, placed.TransactTime);
        Assert.Null(order.StopPrice);
        Assert.Null(order.PreventedMatchId);
        Assert.Equal([(Units(65000m), Units(0.1m)), (Units(65001m), Units(0.15m))], order.Fills.Select(f => (f.Price, f.Quantity)));
        Assert.All(order.Fills, f => Assert.Equal(Btc.Id, f.CommissionAssetId));
    }

    [Fact]
    public void A_fill_or_kill_that_cannot_fill_is_an_order_expired_at_once_not_a_refusal()
    {
        var events = Apply(Command.Limit(Taker, Market, Side.Buy, Units(65000m), Units(1m), TimeInForce.Fok, "fok-1"));

        var placed = OrderReports.Placed(events);

        Assert.Null(placed.Refused);
        var order = Assert.IsType<OrderReport>(placed.Order);
        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Equal(0, order.ExecutedQuantity);
        Assert.Equal(BaseTime + _sequence, order.WorkingTime);
        Assert.Empty(order.Fills);
    }

    [Fact]
    public void A_refused_order_gives_the_core_s_reason_and_no_order()
    {
        var events = Apply(Command.Limit(Taker, Market, Side.Buy, Units(65000m), Units(100m), clientOrderId: "too-big"));

        var placed = OrderReports.Placed(events);

        Assert.Null(placed.Order);
        Assert.Equal(RejectReason.InsufficientBalance, placed.Refused);
    }

    [Fact]
    public void Events_that_place_no_order_tell_neither_an_order_nor_a_refusal()
    {
        var events = Apply(Command.Deposit(Taker, Usdt.Id, Units(1m), "not-an-order"));

        var placed = OrderReports.Placed(events);

        Assert.Null(placed.Order);
        Assert.Null(placed.Refused);
    }

    [Fact]
    public void A_waiting_stop_order_has_its_trigger_price_and_is_not_working()
    {
        var events = Apply(Command.StopLimit(Taker, Market, Side.Buy, OrderType.StopLossLimit, Units(70000m), Units(70001m), Units(0.01m),
            clientOrderId: "stop-1"));
        var state = events.Last(e => e.OrderId == _sequence);

        var order = OrderReports.Of(state, 42);

        Assert.Equal(OrderStatus.PendingTrigger, order.Status);
        Assert.Equal(Units(70000m), order.StopPrice);
        Assert.Equal(-1, order.WorkingTime);
        Assert.Equal(42, order.UpdatedAt);
        Assert.Equal(BaseTime + _sequence, order.CreatedAt);
    }

    [Fact]
    public void A_market_order_by_quote_amount_reports_what_it_bought_as_its_quantity()
    {
        var events = Apply(Command.MarketByQuote(Taker, Market, Side.Buy, Units(6500m), "quote-1"));

        var order = Assert.IsType<OrderReport>(OrderReports.Placed(events).Order);

        Assert.Equal(Units(6500m), order.QuoteQuantity);
        Assert.Equal(Units(0.1m), order.ExecutedQuantity);
        Assert.Equal(order.ExecutedQuantity, order.OriginalQuantity);
    }

    [Fact]
    public void Self_trade_prevention_names_the_prevented_match_by_the_command_that_met_it()
    {
        Apply(Command.Deposit(Maker, Usdt.Id, Units(10_000m), "fund-maker-usdt"));
        var events = Apply(Command.Limit(Maker, Market, Side.Buy, Units(65000m), Units(0.1m), TimeInForce.Gtc, "self-1",
            SelfTradePrevention.ExpireTaker));

        var order = Assert.IsType<OrderReport>(OrderReports.Placed(events).Order);

        Assert.Equal(OrderStatus.ExpiredInMatch, order.Status);
        Assert.Equal(_sequence, order.PreventedMatchId);
        Assert.Equal(Units(0.1m), order.PreventedQuantity);
    }

    private Event[] Apply(Command command)
    {
        _sequence++;
        _buffer.Clear();
        _core.Apply(command.At(_sequence, BaseTime + _sequence), _buffer);
        return _buffer.Events.ToArray();
    }
}
