namespace Bourse.Core.Model;

/// <summary>Why a balance moved. Persisted: values are frozen.</summary>
public enum BalanceChangeReason : byte
{
    Deposit = 1,
    WithdrawalReserved = 2,
    WithdrawalCompleted = 3,
    WithdrawalCanceled = 4,
    Transfer = 5,
    /// <summary>Order placement, cancellation, expiry and the fills, fees and refunds of an order command.</summary>
    Order = 6,
    Convert = 7,
    Stake = 8,
    Unstake = 9,
    StakingReward = 10,
    UnstakeReleased = 11,
    /// <summary>An operator's credit or debit (<c>AdjustBalance</c>).</summary>
    Adjustment = 12,
}
