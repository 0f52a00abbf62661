using Bourse.Api.Binance;
using Bourse.Core.Accounts;

namespace Bourse.Api.Tests.Binance.Responses;

public class CommissionResponsesTests
{
    private static readonly FeeTier Fees = new(500, 750);

    [Fact]
    public void A_test_order_with_commission_rates_answers_binances_shape()
    {
        Assert.Equal(
            """{"standardCommissionForOrder":{"maker":"0.00050000","taker":"0.00075000"},"specialCommissionForOrder":{"maker":"0.00000000","taker":"0.00000000"},"taxCommissionForOrder":{"maker":"0.00000000","taker":"0.00000000"},"discount":{"enabledForAccount":false,"enabledForSymbol":false,"discountAsset":"BNB","discount":"0.00000000"}}""",
            BinanceJson.Serialize(CommissionResponses.ForTestOrder(Fees)));
    }

    [Fact]
    public void The_account_commission_answers_binances_shape()
    {
        Assert.Equal(
            """{"symbol":"BTCUSDT","standardCommission":{"maker":"0.00050000","taker":"0.00075000","buyer":"0.00000000","seller":"0.00000000"},"specialCommission":{"maker":"0.00000000","taker":"0.00000000","buyer":"0.00000000","seller":"0.00000000"},"taxCommission":{"maker":"0.00000000","taker":"0.00000000","buyer":"0.00000000","seller":"0.00000000"},"discount":{"enabledForAccount":false,"enabledForSymbol":false,"discountAsset":"BNB","discount":"0.00000000"}}""",
            BinanceJson.Serialize(CommissionResponses.ForAccount("BTCUSDT", Fees)));
    }

    [Fact]
    public void Trade_fees_are_a_list_of_symbols_with_maker_and_taker_rates()
    {
        Assert.Equal("""[{"symbol":"ETHBTC","makerCommission":"0.00050000","takerCommission":"0.00075000"}]""",
            BinanceJson.Serialize(new List<TradeFeeResponse> { CommissionResponses.TradeFee("ETHBTC", Fees) }));
    }
}
