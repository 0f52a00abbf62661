using Bourse.Api.Binance;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.Responses;

public class TradeResponsesTests
{
    [Fact]
    public void Each_side_of_a_trade_is_a_trade_of_its_owner()
    {
        var x = new TestExchange();
        x.Fund(2, Btc, 1);
        x.Fund(1, Usdt, 10_000);
        x.Rest(2, Side.Sell, 65000, 0.1m, "ask");
        var events = x.Apply(x.Translate(1, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.1").Command);
        var fills = events.Where(e => e.Type is EventType.OrderFilled or EventType.OrderPartiallyFilled).ToArray();

        var maker = TradeResponses.MyTrade(fills.Single(f => f.IsMaker), Market);
        var taker = TradeResponses.MyTrade(fills.Single(f => !f.IsMaker), Market);

        Assert.Equal(
            """{"symbol":"BTCUSDT","id":1,"orderId":7,"orderListId":-1,"price":"65000.00000000","qty":"0.10000000","quoteQty":"6500.00000000","commission":"0.00010000","commissionAsset":"BTC","time":1700000000007,"isBuyer":true,"isMaker":false,"isBestMatch":true}""",
            BinanceJson.Serialize(taker));
        Assert.Equal((6L, false, true, "6.50000000", "USDT"), (maker.OrderId, maker.IsBuyer, maker.IsMaker, maker.Commission, maker.CommissionAsset));
    }

    [Fact]
    public void Only_fill_events_are_trades()
    {
        Assert.Throws<ArgumentException>(() => TradeResponses.MyTrade(new Event { Type = EventType.OrderAccepted }, Market));
    }
}
