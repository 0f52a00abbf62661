using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.UserData;

public class UserDataEventsTests
{
    private const long Taker = 1;
    private const long Maker = 2;

    private static TestExchange Book()
    {
        var x = new TestExchange();
        x.Fund(Maker, Btc, 10);
        x.Fund(Taker, Usdt, 100_000);
        x.Rest(Maker, Side.Sell, 65000, 0.1m, "maker-1");
        x.Rest(Maker, Side.Sell, 65001, 0.2m, "maker-2");
        return x;
    }

    private static List<UserDataEvent> Messages(Event[] events) => UserDataEvents.From(events, FindMarketById, FindAsset);

    private static List<UserDataEvent> MarketBuy(TestExchange x) =>
        Messages(x.Apply(x.Translate(Taker, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.15&newClientOrderId=taker-1").Command));

    [Fact]
    public void A_trade_reports_each_side_of_each_fill_then_the_balances()
    {
        var messages = MarketBuy(Book());

        var reports = messages.Where(m => m.Payload is ExecutionReport).Select(m => (m.UserId, ((ExecutionReport)m.Payload).ExecutionType, ((ExecutionReport)m.Payload).OrderStatus));
        Assert.Equal(
        [
            (Taker, "NEW", "NEW"),
            (Maker, "TRADE", "FILLED"),
            (Taker, "TRADE", "PARTIALLY_FILLED"),
            (Maker, "TRADE", "PARTIALLY_FILLED"),
            (Taker, "TRADE", "FILLED"),
        ], reports);
        Assert.Equal([Taker, Maker], messages.Where(m => m.Payload is OutboundAccountPosition).Select(m => m.UserId));
        Assert.IsType<OutboundAccountPosition>(messages[^1].Payload);
        Assert.DoesNotContain(messages, m => m.Payload is BalanceUpdate);
    }

    [Fact]
    public void A_new_order_report_has_no_commission_asset()
    {
        var report = MarketBuy(Book())[0].Payload;

        Assert.Equal(
            """{"e":"executionReport","E":1700000000008,"s":"BTCUSDT","c":"taker-1","S":"BUY","o":"MARKET","f":"GTC","q":"0.15000000","p":"0.00000000","P":"0.00000000","F":"0.00000000","g":-1,"C":"","x":"NEW","X":"NEW","r":"NONE","i":8,"l":"0.00000000","z":"0.00000000","L":"0.00000000","n":"0","N":null,"T":1700000000008,"t":-1,"I":8,"w":false,"m":false,"M":false,"O":1700000000008,"Z":"0.00000000","Y":"0.00000000","Q":"0.00000000","W":1700000000008,"V":"EXPIRE_MAKER"}""",
            BinanceJson.Serialize(report));
    }

    [Fact]
    public void A_fill_report_carries_the_trade_and_the_commission()
    {
        var report = MarketBuy(Book())[2].Payload;

        Assert.Equal(
            """{"e":"executionReport","E":1700000000008,"s":"BTCUSDT","c":"taker-1","S":"BUY","o":"MARKET","f":"GTC","q":"0.15000000","p":"0.00000000","P":"0.00000000","F":"0.00000000","g":-1,"C":"","x":"TRADE","X":"PARTIALLY_FILLED","r":"NONE","i":8,"l":"0.10000000","z":"0.10000000","L":"65000.00000000","n":"0.00010000","N":"BTC","T":1700000000008,"t":1,"I":8,"w":false,"m":false,"M":false,"O":1700000000008,"Z":"6500.00000000","Y":"6500.00000000","Q":"0.00000000","W":1700000000008,"V":"EXPIRE_MAKER"}""",
            BinanceJson.Serialize(report));
    }

    [Fact]
    public void The_maker_side_of_a_fill_is_marked_maker_and_pays_in_quote()
    {
        var report = (ExecutionReport)MarketBuy(Book())[1].Payload;

        Assert.Equal(("maker-1", true, true, "6.50000000", "USDT", 1L), (report.ClientOrderId, report.IsMaker, report.IsOnBook || report.OrderStatus == "FILLED", report.Commission, report.CommissionAsset, report.TradeId));
    }

    [Fact]
    public void A_position_update_lists_the_balances_after_the_command()
    {
        var position = (OutboundAccountPosition)MarketBuy(Book()).First(m => m.UserId == Taker && m.Payload is OutboundAccountPosition).Payload;

        Assert.Equal(
            """{"e":"outboundAccountPosition","E":1700000000008,"u":1700000000008,"B":[{"a":"USDT","f":"90249.95000000","l":"0.00000000"},{"a":"BTC","f":"0.14985000","l":"0.00000000"}]}""",
            BinanceJson.Serialize(position));
    }

    [Fact]
    public void A_cancel_report_names_the_original_client_order_id()
    {
        var x = Book();

        var report = (ExecutionReport)Messages(x.Apply(Command.Cancel(Maker, BtcUsdt, 6)))[0].Payload;

        Assert.Equal(("CANCELED", "CANCELED", "maker-1", false), (report.ExecutionType, report.OrderStatus, report.OriginalClientOrderId, report.IsOnBook));
    }

    [Fact]
    public void A_resting_limit_order_is_reported_on_the_book()
    {
        var x = Book();

        var report = (ExecutionReport)Messages(x.Apply(Command.Limit(Taker, BtcUsdt, Side.Buy, Units(60000), Units(0.01m), TimeInForce.Gtc, "bid-1")))[0].Payload;

        Assert.Equal(("NEW", true), (report.ExecutionType, report.IsOnBook));
    }

    [Fact]
    public void An_unfillable_fill_or_kill_is_reported_new_then_expired()
    {
        var x = Book();

        var messages = Messages(x.Apply(x.Translate(Taker, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=1&price=65001").Command));

        Assert.Equal([("NEW", "NEW"), ("EXPIRED", "EXPIRED")],
            messages.Select(m => (ExecutionReport)m.Payload).Select(r => (r.ExecutionType, r.OrderStatus)));
    }

    [Fact]
    public void Other_refusals_are_not_streamed()
    {
        var x = Book();

        Assert.Empty(Messages(x.Apply(x.Translate(Taker, "symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.01&price=65000").Command)));
    }

    [Fact]
    public void Self_trade_prevention_is_reported_as_trade_prevention()
    {
        var x = Book();
        x.Fund(Maker, Usdt, 100_000);

        var messages = Messages(x.Apply(x.Translate(Maker, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=65000&selfTradePreventionMode=EXPIRE_TAKER").Command));

        var report = messages.Select(m => m.Payload).OfType<ExecutionReport>().Single(r => r.ExecutionType == "TRADE_PREVENTION");
        Assert.Equal(("EXPIRED_IN_MATCH", "0.10000000", 9L), (report.OrderStatus, report.PreventedQuantity, report.PreventedMatchId));
        Assert.Contains("\"A\":\"0.10000000\"", BinanceJson.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_deposit_is_a_balance_update_then_a_position()
    {
        var x = new TestExchange();

        var messages = Messages(x.Apply(Command.Deposit(Taker, Usdt, Units(100), "tx-1")));

        Assert.Equal(
            [
                """{"e":"balanceUpdate","E":1700000000004,"a":"USDT","d":"100.00000000","T":1700000000004}""",
                """{"e":"outboundAccountPosition","E":1700000000004,"u":1700000000004,"B":[{"a":"USDT","f":"100.00000000","l":"0.00000000"}]}""",
            ],
            messages.Select(m => BinanceJson.Serialize(m.Payload)));
        Assert.All(messages, m => Assert.Equal(Taker, m.UserId));
    }

    [Fact]
    public void A_withdrawal_is_a_negative_balance_update()
    {
        var x = new TestExchange();
        x.Fund(Taker, Usdt, 100);

        var update = (BalanceUpdate)Messages(x.Apply(Command.ReserveWithdrawal(Taker, Usdt, Units(40), "w-1")))[0].Payload;

        Assert.Equal("-40.00000000", update.Delta);
    }

    [Fact]
    public void Events_of_several_commands_are_reported_command_by_command()
    {
        var x = new TestExchange();
        var events = x.Apply(Command.Deposit(Taker, Usdt, Units(1), "a")).Concat(x.Apply(Command.Deposit(Taker, Usdt, Units(2), "b"))).ToArray();

        var kinds = Messages(events).Select(m => m.Payload.GetType().Name);

        Assert.Equal(["BalanceUpdate", "OutboundAccountPosition", "BalanceUpdate", "OutboundAccountPosition"], kinds);
    }
}
