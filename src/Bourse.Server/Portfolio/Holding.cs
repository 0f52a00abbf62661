using Bourse.Core;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;

namespace Bourse.Server.Portfolio;

/// <summary>What a user holds of one asset, in its smallest unit: free, reserved by orders and withdrawals, and staked.</summary>
public sealed record Holding(AssetSpec Asset, long Available, long Locked, long Staked)
{
    public long Total => Available + Locked + Staked;

    /// <summary>A user's non-zero holdings, by asset id, read from the engine's state (staked included).</summary>
    public static List<Holding> Of(ExchangeCore core, long userId)
    {
        ArgumentNullException.ThrowIfNull(core);
        return [.. core.Assets.OrderBy(a => a.Id).Select(a => From(a, core.GetBalance(userId, a.Id))).Where(h => h.Total != 0)];
    }

    /// <summary>The non-zero holdings of every user (the exchange's own accounts left out) with anything at all.</summary>
    public static List<(long UserId, List<Holding> Holdings)> OfEveryUser(ExchangeCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        var assets = core.Assets.OrderBy(a => a.Id).ToList();
        return [.. core.Accounts.Where(a => !SystemAccounts.IsSystem(a.UserId))
            .Select(a => (a.UserId, Holdings: assets.Select(asset => From(asset, a.GetBalance(asset.Id))).Where(h => h.Total != 0).ToList()))
            .Where(u => u.Holdings.Count > 0)];
    }

    private static Holding From(AssetSpec asset, Balance balance) => new(asset, balance.Available, balance.Locked, balance.Staked);
}
