using Bourse.Core.Accounts;
using Bourse.Core.Commands;

namespace Bourse.Server.Portfolio;

/// <summary>What a user holds of one asset, in its smallest unit: free, reserved by orders and withdrawals, and staked.</summary>
public sealed record Holding(AssetSpec Asset, long Available, long Locked, long Staked)
{
    public long Total => Available + Locked + Staked;

    /// <summary>A user's non-zero holdings, by asset id, from their balances (staked included) by asset id.</summary>
    public static List<Holding> Of(IReadOnlyDictionary<int, (long Available, long Locked, long Staked)> balances, Func<int, AssetSpec?> asset)
    {
        ArgumentNullException.ThrowIfNull(balances);
        ArgumentNullException.ThrowIfNull(asset);
        return [.. balances.OrderBy(b => b.Key)
            .Select(b => asset(b.Key) is { } spec ? new Holding(spec, b.Value.Available, b.Value.Locked, b.Value.Staked) : null)
            .OfType<Holding>()
            .Where(h => h.Total != 0)];
    }

    /// <summary>The non-zero holdings of every user (the exchange's own accounts left out) with anything at all.</summary>
    public static List<(long UserId, List<Holding> Holdings)> OfEveryUser(
        IEnumerable<(long UserId, IReadOnlyDictionary<int, (long Available, long Locked, long Staked)> Balances)> users, Func<int, AssetSpec?> asset)
    {
        ArgumentNullException.ThrowIfNull(users);
        return [.. users.Where(u => !SystemAccounts.IsSystem(u.UserId))
            .Select(u => (u.UserId, Holdings: Of(u.Balances, asset)))
            .Where(u => u.Holdings.Count > 0)];
    }
}
