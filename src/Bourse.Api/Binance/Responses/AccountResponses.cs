using Bourse.Core.Accounts;
using Bourse.Core.Commands;

namespace Bourse.Api.Binance;

/// <summary>GET /account's answer.</summary>
public sealed record AccountResponse
{
    /// <summary>Commissions in basis points (10 = 0.1%), as Binance's legacy fields give them.</summary>
    public required int MakerCommission { get; init; }

    public required int TakerCommission { get; init; }

    public int BuyerCommission { get; init; }

    public int SellerCommission { get; init; }

    public required CommissionRates CommissionRates { get; init; }

    public bool CanTrade { get; init; } = true;

    public bool CanWithdraw { get; init; } = true;

    public bool CanDeposit { get; init; } = true;

    public bool Brokered { get; init; }

    public bool RequireSelfTradePrevention { get; init; }

    public bool PreventSor { get; init; }

    public required long UpdateTime { get; init; }

    public string AccountType { get; init; } = "SPOT";

    public required IReadOnlyList<AccountBalance> Balances { get; init; }

    public IReadOnlyList<string> Permissions { get; init; } = ["SPOT"];

    public required long Uid { get; init; }
}

/// <summary>Commission rates as decimal fractions ("0.00100000" is 0.1%).</summary>
public sealed record CommissionRates(string Maker, string Taker, string Buyer, string Seller);

public sealed record AccountBalance(string Asset, string Free, string Locked);

/// <summary>A balance to show: the asset and its available and locked amounts in smallest units.</summary>
public readonly record struct AssetBalance(AssetSpec Asset, long Free, long Locked);

/// <summary>Builds the account object from a user's fee tier and balances.</summary>
public static class AccountResponses
{
    private const int PpmPerBasisPoint = 100;

    /// <param name="balances">Every asset to list, in the order to list them.</param>
    /// <param name="omitZeroBalances">Binance's <c>omitZeroBalances</c>: leave out assets with nothing free or locked.</param>
    public static AccountResponse Account(long userId, FeeTier fees, IEnumerable<AssetBalance> balances, long updateTime,
        bool omitZeroBalances = false)
    {
        ArgumentNullException.ThrowIfNull(balances);
        var listed = balances
            .Where(b => !omitZeroBalances || b.Free != 0 || b.Locked != 0)
            .Select(b => new AccountBalance(b.Asset.Code, DecimalUnits.Format(b.Free, b.Asset.Scale), DecimalUnits.Format(b.Locked, b.Asset.Scale)))
            .ToList();
        return new AccountResponse
        {
            MakerCommission = fees.MakerPpm / PpmPerBasisPoint,
            TakerCommission = fees.TakerPpm / PpmPerBasisPoint,
            CommissionRates = CommissionResponses.Standard(fees),
            UpdateTime = updateTime,
            Balances = listed,
            Uid = userId,
        };
    }
}
