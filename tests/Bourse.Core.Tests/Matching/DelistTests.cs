using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

/// <summary>Delisting: every open order of the market canceled and refunded exactly, then the market closed for good.</summary>
public class DelistTests
{
    [Fact]
    public void Delisting_cancels_every_open_order_oldest_first_refunds_each_reservation_and_closes_the_market()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 100_000);
        x.Fund(2, Btc, 2);
        var bid = x.Buy(1, 20_000, 0.5m);
        var ask = x.Sell(2, 30_000, 1);
        var stop = x.Place(Command.StopLimit(2, BtcUsdt, Side.Sell, OrderType.StopLossLimit, Price(19_000), Price(18_900), Qty(0.5m)));
        var supply = (x.Core.SupplyOf(Btc), x.Core.SupplyOf(Usdt));

        var events = x.Ok(Command.DelistMarket(BtcUsdt));

        Assert.Equal([bid, ask, stop], events.Where(e => e.Type == EventType.OrderCanceled).Select(e => e.OrderId));
        var closed = Assert.Single(events, e => e.Type == EventType.MarketStatusChanged);
        Assert.Equal((long)MarketStatus.Delisted, closed.Amount);
        Assert.Equal(MarketStatus.Delisted, x.Market.Status);
        Assert.Equal((100_000m, 0m, 2m, 0m), (x.Available(1, Usdt), x.Locked(1, Usdt), x.Available(2, Btc), x.Locked(2, Btc)));
        Assert.Equal(0, x.Core.OpenOrderCount);
        Assert.Empty(x.Bids);
        Assert.Empty(x.Asks);
        Assert.Equal(supply, (x.Core.SupplyOf(Btc), x.Core.SupplyOf(Usdt)));
    }

    [Fact]
    public void A_halted_market_can_be_delisted()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 100_000);
        x.Buy(1, 20_000, 0.5m);
        x.Ok(Command.SetMarketStatus(BtcUsdt, MarketStatus.Halted));

        Assert.Contains(x.Ok(Command.DelistMarket(BtcUsdt)), e => e.Type == EventType.OrderCanceled);
        Assert.Equal(100_000m, x.Available(1, Usdt));
    }

    [Fact]
    public void A_delisted_market_is_final_it_takes_no_order_status_filter_change_or_second_delisting()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 100_000);
        x.Ok(Command.DelistMarket(BtcUsdt));

        x.Rejected(Command.Limit(1, BtcUsdt, Side.Buy, Price(20_000), Qty(0.1m)), RejectReason.MarketNotTrading);
        x.Rejected(Command.SetMarketStatus(BtcUsdt, MarketStatus.Trading), RejectReason.MarketDelisted);
        x.Rejected(Command.UpdateMarket(Spec with { MinNotional = Price(5m) }), RejectReason.MarketDelisted);
        x.Rejected(Command.DelistMarket(BtcUsdt), RejectReason.MarketDelisted);
        x.Rejected(Command.DelistMarket(99), RejectReason.UnknownMarket);
        x.Rejected(Command.SetMarketStatus(BtcUsdt, MarketStatus.Delisted), RejectReason.MarketDelisted);
    }

    [Fact]
    public void Delisted_is_not_a_status_a_market_can_be_set_to_without_delisting()
    {
        var x = new TestExchange();

        x.Rejected(Command.SetMarketStatus(BtcUsdt, MarketStatus.Delisted), RejectReason.InvalidMarketSpec);
    }

    [Fact]
    public void A_delisted_market_survives_a_snapshot()
    {
        var x = new TestExchange();
        x.Fund(1, Usdt, 100_000);
        x.Buy(1, 20_000, 0.5m);
        x.Ok(Command.DelistMarket(BtcUsdt));

        var restored = ExchangeCore.LoadSnapshot(x.Core.SaveSnapshot());

        Assert.Equal(MarketStatus.Delisted, restored.GetMarket(BtcUsdt)!.Status);
        Assert.Equal(x.Core.ComputeStateHash(), restored.ComputeStateHash());
    }
}
