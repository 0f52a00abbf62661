namespace Bourse.Core.Accounts;

/// <summary>
/// Accounts the exchange itself holds. They are ordinary accounts, so conservation covers them; negative ids keep
/// them apart from every user id.
/// </summary>
public static class SystemAccounts
{
    /// <summary>Receives every trading fee.</summary>
    public const long Fees = -1;

    /// <summary>Pays staking rewards; funded by the operator (e.g. with what the chain paid for staking).</summary>
    public const long StakingRewards = -2;

    public static bool IsSystem(long userId) => userId < 0;
}
