using Bourse.Core.Accounts;

namespace Bourse.Api.Binance;

/// <summary>Maker and taker rates as decimal fractions ("0.00100000" is 0.1%).</summary>
public sealed record MakerTakerRates(string Maker, string Taker);

/// <summary>
/// Binance's BNB discount block. Bourse has no fee discount, so it is off for every account and symbol and discounts
/// nothing; the block is there because clients read the shape Binance documents.
/// </summary>
public sealed record CommissionDiscount(bool EnabledForAccount, bool EnabledForSymbol, string DiscountAsset, string Discount);

/// <summary>POST /order/test with <c>computeCommissionRates=true</c>: the rates a fill of this order would pay.</summary>
public sealed record TestOrderCommissionResponse(
    MakerTakerRates StandardCommissionForOrder,
    MakerTakerRates SpecialCommissionForOrder,
    MakerTakerRates TaxCommissionForOrder,
    CommissionDiscount Discount);

/// <summary>GET /account/commission: the account's rates in a symbol.</summary>
public sealed record AccountCommissionResponse(
    string Symbol,
    CommissionRates StandardCommission,
    CommissionRates SpecialCommission,
    CommissionRates TaxCommission,
    CommissionDiscount Discount);

/// <summary>One entry of GET /sapi/v1/asset/tradeFee.</summary>
public sealed record TradeFeeResponse(string Symbol, string MakerCommission, string TakerCommission);

/// <summary>
/// A fee tier in the shapes of Binance's commission answers. Bourse charges one standard maker and taker rate per
/// account (no buyer/seller surcharge, no special or tax commission, no discount), so those parts are zero.
/// </summary>
public static class CommissionResponses
{
    private const int PpmScale = 6;

    private static readonly string Zero = Rate(0);

    private static readonly CommissionDiscount NoDiscount = new(false, false, "BNB", Zero);

    public static TestOrderCommissionResponse ForTestOrder(FeeTier fees) =>
        new(new MakerTakerRates(Rate(fees.MakerPpm), Rate(fees.TakerPpm)), new MakerTakerRates(Zero, Zero), new MakerTakerRates(Zero, Zero), NoDiscount);

    public static AccountCommissionResponse ForAccount(string symbol, FeeTier fees)
    {
        var none = new CommissionRates(Zero, Zero, Zero, Zero);
        return new AccountCommissionResponse(symbol, Standard(fees), none, none, NoDiscount);
    }

    public static TradeFeeResponse TradeFee(string symbol, FeeTier fees) => new(symbol, Rate(fees.MakerPpm), Rate(fees.TakerPpm));

    /// <summary>The standard rates, as GET /account's <c>commissionRates</c> and GET /account/commission give them.</summary>
    public static CommissionRates Standard(FeeTier fees) => new(Rate(fees.MakerPpm), Rate(fees.TakerPpm), Zero, Zero);

    /// <summary>Parts per million as a decimal fraction with Binance's eight decimals.</summary>
    public static string Rate(int ppm) => DecimalUnits.Format(ppm, PpmScale, 8);
}
