namespace Bourse.Core.Commands;

/// <summary>Persisted in the command log: values are frozen, only ever add.</summary>
public enum CommandType : byte
{
    None = 0,
    CreateAsset = 1,
    CreateMarket = 2,
    SetMarketStatus = 3,
    UpdateMarket = 4,
    SetFeeTier = 5,
    SetUserFeeTier = 6,
    /// <summary>Freezes or unfreezes a user's trading and withdrawals (the whole set of restrictions, not a change).</summary>
    SetAccountRestrictions = 7,
    /// <summary>Sets an asset's display name and suspensions (the whole set, not a change).</summary>
    SetAssetStatus = 8,
    /// <summary>Cancels every open order of a market, refunding each reservation, and closes it for good.</summary>
    DelistMarket = 9,
    Deposit = 10,
    ReserveWithdrawal = 11,
    CompleteWithdrawal = 12,
    CancelWithdrawal = 13,
    Transfer = 14,
    /// <summary>Swaps one asset for another through one or two markets, all or nothing, no worse than a quote.</summary>
    Convert = 15,
    /// <summary>
    /// An operator's credit (positive amount) or debit (negative) of a user's available balance, once per reference;
    /// it changes the supply, and is counted apart from deposits and withdrawals.
    /// </summary>
    AdjustBalance = 16,
    PlaceOrder = 20,
    CancelOrder = 21,
    CancelAllOrders = 22,
    CancelReplaceOrder = 23,
    SetStakingProduct = 30,
    Stake = 31,
    Unstake = 32,
    /// <summary>Pays one asset's staking rewards for one period, once: stamped with the period so replay repeats it exactly.</summary>
    PayStakingRewards = 33,
    /// <summary>Returns unstaked funds whose unbonding period ended by the command's timestamp.</summary>
    ReleaseUnstaked = 34,
}
