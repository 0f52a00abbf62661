using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Conversion;

public class ConvertTests
{
    private const int EthUsdt = 2;
    private const long Expiry = 1_800_000_000_000;

    /// <summary>BTCUSDT and ETHUSDT with a maker (user 9) on both sides of both books; user 1 converts.</summary>
    private static TestExchange Books()
    {
        var x = new TestExchange();
        x.Ok(Command.CreateMarket(new MarketSpec(EthUsdt, "ETHUSDT", Eth, Usdt, TickSize: Price(0.01m), LotSize: Qty(0.0001m),
            MinQuantity: Qty(0.0001m), MaxQuantity: Qty(9000m), MinNotional: Price(1m), MarketOrderBandPpm: 100_000)));
        x.Ok(Command.SetFeeTier(0, 1_000, 1_000));
        x.Fund(9, Btc, 10);
        x.Fund(9, Eth, 100);
        x.Fund(9, Usdt, 1_000_000);
        x.Sell(9, 30_000, 0.5m);
        x.Sell(9, 30_100, 1m);
        x.Buy(9, 29_900, 0.5m);
        x.Buy(9, 29_800, 1m);
        x.Place(Command.Limit(9, EthUsdt, Side.Sell, Price(2_000), Qty(5)));
        x.Place(Command.Iceberg(9, EthUsdt, Side.Sell, Price(2_010), Qty(10), Qty(1)));
        x.Place(Command.Limit(9, EthUsdt, Side.Buy, Price(1_990), Qty(5)));
        return x;
    }

    private static Event Completed(List<Event> events) => Assert.Single(events, e => e.Type == EventType.ConvertCompleted);

    private static long Total(TestExchange x, int assetId) => x.Core.Accounts.Sum(a => a.GetBalance(assetId).Total);

    [Fact]
    public void Direct_convert_receives_exactly_what_the_plan_said_and_conserves_every_asset()
    {
        var x = Books();
        x.Fund(1, Btc, 1);
        var plan = x.Core.PlanConvert(1, Btc, Usdt, Qty(0.8m));
        Assert.Equal(RejectReason.None, plan.Reason);
        Assert.Equal(BtcUsdt, plan.MarketId);
        Assert.Equal(0, plan.ViaMarketId);

        var feesBefore = x.Balance(SystemAccounts.Fees, Usdt).Available;
        var events = x.Ok(Command.Convert(1, Btc, Usdt, Qty(0.8m), plan.MarketId, plan.ViaMarketId, plan.Received, Expiry, "q-1"));

        var done = Completed(events);
        // 0.5 at 29,900 and 0.3 at 29,800, less the 0.1% taker fee.
        var gross = Price(0.5m * 29_900 + 0.3m * 29_800);
        Assert.Equal(gross - (gross / 1_000), done.ToAmount);
        Assert.Equal(plan.Received, done.ToAmount);
        Assert.Equal(Qty(0.8m), done.Amount);
        Assert.Equal(x.Balance(SystemAccounts.Fees, Usdt).Available - feesBefore, done.Commission);
        Assert.Equal(0.2m, x.Available(1, Btc));
        Assert.Equal((decimal)done.ToAmount / Unit, x.Available(1, Usdt));
        Assert.Equal(x.Core.SupplyOf(Btc), Total(x, Btc));
        Assert.Equal(x.Core.SupplyOf(Usdt), Total(x, Usdt));
        // The taker leg is not an order of the user's: only the maker reports fills.
        Assert.DoesNotContain(events, e => e.Type is EventType.OrderAccepted or EventType.OrderFilled or EventType.OrderPartiallyFilled && e.UserId == 1);
        Assert.Contains(events, e => e.Type == EventType.Trade && e.UserId == 1);
        Assert.Contains(events, e => e.Type == EventType.BalanceChanged && e.UserId == 1 && e.BalanceReason == BalanceChangeReason.Convert);
    }

    [Fact]
    public void Convert_through_an_intermediate_market_is_one_atomic_step()
    {
        var x = Books();
        x.Fund(1, Eth, 3);
        var plan = x.Core.PlanConvert(1, Eth, Btc, Qty(3));
        Assert.Equal(RejectReason.None, plan.Reason);
        Assert.Equal(EthUsdt, plan.MarketId);
        Assert.Equal(BtcUsdt, plan.ViaMarketId);

        var done = Completed(x.Ok(Command.Convert(1, Eth, Btc, Qty(3), plan.MarketId, plan.ViaMarketId, plan.Received, Expiry, "q-1")));

        Assert.Equal(plan.Received, done.ToAmount);
        Assert.True(plan.Fee > 0);
        Assert.Equal(0m, x.Available(1, Eth));
        Assert.Equal(done.ToAmount, x.Balance(1, Btc).Available);
        // Lot-size dust of the intermediate asset stays with the user; nothing is lost.
        Assert.True(x.Balance(1, Usdt).Available >= 0);
        foreach (var asset in new[] { Btc, Usdt, Eth })
        {
            Assert.Equal(x.Core.SupplyOf(asset), Total(x, asset));
        }
    }

    [Fact]
    public void Convert_is_refused_when_the_books_moved_past_the_quote_and_nothing_changes()
    {
        var x = Books();
        x.Fund(1, Btc, 1);
        x.Fund(2, Btc, 1);
        var plan = x.Core.PlanConvert(1, Btc, Usdt, Qty(0.5m));

        // Someone else sells into the best bid first.
        x.Place(Command.Market(2, BtcUsdt, Side.Sell, Qty(0.5m)));

        x.Rejected(Command.Convert(1, Btc, Usdt, Qty(0.5m), plan.MarketId, plan.ViaMarketId, plan.Received, Expiry, "q-1"),
            RejectReason.WorseThanQuote);
        Assert.Equal(1m, x.Available(1, Btc));
    }

    [Fact]
    public void Convert_after_its_expiry_is_refused()
    {
        var x = Books();
        x.Fund(1, Btc, 1);
        var plan = x.Core.PlanConvert(1, Btc, Usdt, Qty(0.1m));

        x.Rejected(Command.Convert(1, Btc, Usdt, Qty(0.1m), plan.MarketId, 0, plan.Received, expiresAt: 1_000, "q-1"),
            RejectReason.QuoteExpired);
    }

    [Fact]
    public void Accepting_the_same_quote_twice_converts_once()
    {
        var x = Books();
        x.Fund(1, Btc, 1);
        var plan = x.Core.PlanConvert(1, Btc, Usdt, Qty(0.1m));
        var command = Command.Convert(1, Btc, Usdt, Qty(0.1m), plan.MarketId, 0, plan.Received, Expiry, "q-1");
        x.Ok(command);
        var first = x.LastSequence;

        var retry = x.Apply(command);

        Assert.Equal(RejectReason.DuplicateReference, Assert.Single(retry).Reason);
        Assert.Equal(first, retry[0].ReferenceId);
        Assert.Equal(0.9m, x.Available(1, Btc));
    }

    [Theory]
    [InlineData(0, Btc, Usdt, RejectReason.InvalidAmount)]
    [InlineData(-5, Btc, Usdt, RejectReason.InvalidAmount)]
    [InlineData(1, Btc, 77, RejectReason.UnknownAsset)]
    [InlineData(1, Btc, Btc, RejectReason.NoConvertRoute)]
    [InlineData(5, Btc, Usdt, RejectReason.InsufficientBalance)]
    [InlineData(0.000001, Btc, Usdt, RejectReason.LotSize)]
    public void Bad_converts_change_nothing(double amount, int from, int to, RejectReason reason)
    {
        var x = Books();
        x.Fund(1, Btc, 1);
        x.Rejected(Command.Convert(1, from, to, Qty((decimal)amount), BtcUsdt, 0, 1, Expiry, "q-1"), reason);
    }

    [Fact]
    public void Route_must_join_the_two_assets()
    {
        var x = Books();
        x.Fund(1, Btc, 1);
        x.Rejected(Command.Convert(1, Btc, Eth, Qty(0.1m), BtcUsdt, 0, 1, Expiry, "q-1"), RejectReason.NoConvertRoute);
        x.Rejected(Command.Convert(1, Btc, Eth, Qty(0.1m), EthUsdt, BtcUsdt, 1, Expiry, "q-1"), RejectReason.NoConvertRoute);
        x.Rejected(Command.Convert(1, Btc, Usdt, Qty(0.1m), BtcUsdt, 0, 0, Expiry, "q-1"), RejectReason.InvalidAmount);
        x.Rejected(Command.Convert(1, Btc, Usdt, Qty(0.1m), BtcUsdt, 0, 1, Expiry, ""), RejectReason.MissingReference);
    }

    [Fact]
    public void Convert_larger_than_the_books_is_refused_for_liquidity()
    {
        var x = Books();
        x.Fund(1, Btc, 5);
        Assert.Equal(RejectReason.InsufficientLiquidity, x.Core.PlanConvert(1, Btc, Usdt, Qty(5)).Reason);
        x.Rejected(Command.Convert(1, Btc, Usdt, Qty(5), BtcUsdt, 0, 1, Expiry, "q-1"), RejectReason.InsufficientLiquidity);
    }

    [Fact]
    public void Plan_to_receive_finds_the_least_spend_that_receives_the_amount()
    {
        var x = Books();
        x.Fund(1, Usdt, 100_000);
        var plan = x.Core.PlanConvertToReceive(1, Usdt, Eth, Qty(6));

        Assert.Equal(RejectReason.None, plan.Reason);
        Assert.True(plan.Received >= Qty(6));
        var less = x.Core.PlanConvert(1, Usdt, Eth, plan.Spent - 1);
        Assert.True(less.Received < Qty(6), "one unit less should not be enough");

        var done = Completed(x.Ok(Command.Convert(1, Usdt, Eth, plan.Spent, plan.MarketId, 0, plan.Received, Expiry, "q-1")));
        Assert.Equal(plan.Received, done.ToAmount);
        Assert.Equal(plan.Spent, done.Amount);
    }

    [Theory]
    [InlineData(Btc, Usdt, 10_000)]
    [InlineData(Eth, Btc, 0.2)]
    [InlineData(Usdt, Btc, 0.3)]
    public void Plan_to_receive_works_whether_the_route_starts_with_a_sell_or_a_buy(int from, int to, double target)
    {
        var x = Books();
        x.Fund(1, from, from == Usdt ? 100_000 : 10);
        var wanted = Qty((decimal)target);
        var plan = x.Core.PlanConvertToReceive(1, from, to, wanted);

        Assert.Equal(RejectReason.None, plan.Reason);
        Assert.True(plan.Received >= wanted);
        var done = Completed(x.Ok(Command.Convert(1, from, to, plan.Spent, plan.MarketId, plan.ViaMarketId, plan.Received, Expiry, "q-1")));
        Assert.Equal(plan.Received, done.ToAmount);
    }

    [Fact]
    public void Plan_to_receive_more_than_the_balance_buys_is_refused_for_the_balance()
    {
        var x = Books();
        x.Fund(1, Btc, 0.1m);
        Assert.Equal(RejectReason.InsufficientBalance, x.Core.PlanConvertToReceive(1, Btc, Usdt, Qty(10_000)).Reason);
        Assert.Equal(RejectReason.InsufficientBalance, x.Core.PlanConvertToReceive(2, Btc, Usdt, Qty(1)).Reason);
    }

    [Fact]
    public void A_buy_too_small_for_one_lot_is_refused_rather_than_converting_nothing()
    {
        var x = Books();
        // The market takes any notional, but 0.001 USDT does not buy one 0.00001 BTC lot at 30,000.
        x.Ok(Command.UpdateMarket(Spec with { MinNotional = 1 }));
        x.Fund(1, Usdt, 1);
        var plan = x.Core.PlanConvert(1, Usdt, Btc, Qty(0.001m));

        Assert.Equal(RejectReason.Notional, plan.Reason);
        x.Rejected(Command.Convert(1, Usdt, Btc, Qty(0.001m), BtcUsdt, 0, 1, Expiry, "q-1"), RejectReason.Notional);
    }

    [Fact]
    public void Convert_state_survives_a_snapshot()
    {
        var x = Books();
        x.Fund(1, Btc, 1);
        var plan = x.Core.PlanConvert(1, Btc, Usdt, Qty(0.1m));
        x.Ok(Command.Convert(1, Btc, Usdt, Qty(0.1m), plan.MarketId, 0, plan.Received, Expiry, "q-1"));

        var restored = ExchangeCore.LoadSnapshot(x.Core.SaveSnapshot());

        Assert.Equal(x.Core.ComputeStateHash(), restored.ComputeStateHash());
        var buffer = new EventBuffer();
        restored.Apply(Command.Convert(1, Btc, Usdt, Qty(0.1m), plan.MarketId, 0, 1, Expiry, "q-1").At(x.LastSequence + 1, 1), buffer);
        Assert.Equal(RejectReason.DuplicateReference, buffer.Events[0].Reason);
    }
}
