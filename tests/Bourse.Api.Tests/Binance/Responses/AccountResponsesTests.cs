using Bourse.Api.Binance;
using Bourse.Core.Accounts;
using static Bourse.Api.Tests.Binance.TestExchange;

namespace Bourse.Api.Tests.Binance.Responses;

public class AccountResponsesTests
{
    private static readonly AssetBalance[] Balances =
    [
        new(BtcAsset, Units(1.5m), Units(0.25m)),
        new(UsdtAsset, 0, 0),
    ];

    [Fact]
    public void The_account_object_has_binances_shape()
    {
        var account = AccountResponses.Account(7, new FeeTier(1_000, 1_000), Balances, 1_700_000_000_000);

        Assert.Equal(
            """{"makerCommission":10,"takerCommission":10,"buyerCommission":0,"sellerCommission":0,"commissionRates":{"maker":"0.00100000","taker":"0.00100000","buyer":"0.00000000","seller":"0.00000000"},"canTrade":true,"canWithdraw":true,"canDeposit":true,"brokered":false,"requireSelfTradePrevention":false,"preventSor":false,"updateTime":1700000000000,"accountType":"SPOT","balances":[{"asset":"BTC","free":"1.50000000","locked":"0.25000000"},{"asset":"USDT","free":"0.00000000","locked":"0.00000000"}],"permissions":["SPOT"],"uid":7}""",
            BinanceJson.Serialize(account));
    }

    [Fact]
    public void Zero_balances_can_be_left_out()
    {
        var account = AccountResponses.Account(7, new FeeTier(500, 750), Balances, 0, omitZeroBalances: true);

        Assert.Equal(["BTC"], account.Balances.Select(b => b.Asset));
        Assert.Equal((5, 7, "0.00050000", "0.00075000"), (account.MakerCommission, account.TakerCommission, account.CommissionRates.Maker, account.CommissionRates.Taker));
    }
}
