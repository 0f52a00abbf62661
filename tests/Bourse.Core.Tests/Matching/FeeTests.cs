using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using static Bourse.Core.Tests.TestExchange;

namespace Bourse.Core.Tests.Matching;

public class FeeTests
{
    [Fact]
    public void Maker_and_taker_pay_their_tier_rates_in_the_asset_they_receive()
    {
        var x = new TestExchange();
        x.Ok(Command.SetFeeTier(1, makerFeePpm: 0, takerFeePpm: 500));
        x.Ok(Command.SetFeeTier(2, makerFeePpm: 2_000, takerFeePpm: 4_000));
        x.Ok(Command.SetUserFeeTier(1, 1));
        x.Ok(Command.SetUserFeeTier(2, 2));
        x.Fund(1, Usdt, 100_000);
        x.Fund(2, Btc, 1);

        x.Buy(1, 20_000, 1);
        var events = x.Apply(Command.Limit(2, BtcUsdt, Side.Sell, Price(20_000), Qty(1)));

        // Maker (buyer, tier 1) pays 0 in BTC; taker (seller, tier 2) pays 0.4% of 20,000 USDT.
        Assert.Equal(1m, x.Available(1, Btc));
        Assert.Equal(19_920m, x.Available(2, Usdt));
        Assert.Equal(80m, x.Fees(Usdt));
        Assert.Equal(0m, x.Fees(Btc));
        var trade = Assert.Single(events, e => e.Type == EventType.Trade);
        Assert.Equal(Qty(80), trade.Commission);
        Assert.Equal(Usdt, trade.CommissionAssetId);
        Assert.Equal(0, trade.CounterCommission);
    }

    [Fact]
    public void Fees_round_down_to_the_smallest_unit()
    {
        Assert.Equal(0, Arithmetic.Fee(999, 1_000));
        Assert.Equal(1, Arithmetic.Fee(1_000, 1_000));
        Assert.Equal(1, Arithmetic.Fee(1_999, 1_000));
    }

    [Fact]
    public void Fee_rates_outside_zero_to_ten_percent_and_unknown_tiers_are_rejected()
    {
        var x = new TestExchange();

        x.Rejected(Command.SetFeeTier(1, -1, 0), RejectReason.InvalidFeeRate);
        x.Rejected(Command.SetFeeTier(1, 0, FeeTier.MaxPpm + 1), RejectReason.InvalidFeeRate);
        x.Rejected(Command.SetUserFeeTier(1, 7), RejectReason.UnknownFeeTier);
    }
}
