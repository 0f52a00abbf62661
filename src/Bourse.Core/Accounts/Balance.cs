namespace Bourse.Core.Accounts;

/// <summary>One user's holding of one asset, in the asset's smallest unit.</summary>
public struct Balance
{
    /// <summary>Free to trade, withdraw or transfer.</summary>
    public long Available;
    /// <summary>Reserved by open orders and pending withdrawals.</summary>
    public long Locked;
    /// <summary>Committed to staking; held for the staking capability, counted by conservation.</summary>
    public long Staked;

    /// <summary>Sequence of the last command that changed it: lets the core report each balance once per command.</summary>
    internal long TouchedBy;

    public readonly long Total => Available + Locked + Staked;
}
