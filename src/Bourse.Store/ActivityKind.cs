namespace Bourse.Store;

/// <summary>What moved a user's money outside trading. Persisted: values are frozen, only ever add.</summary>
public enum ActivityKind
{
    Deposit = 1,
    Withdrawal = 2,
    /// <summary>Sent to another user (<see cref="Activity.CounterpartyId"/> received it).</summary>
    TransferOut = 3,
    /// <summary>Received from another user (<see cref="Activity.CounterpartyId"/> sent it).</summary>
    TransferIn = 4,
    Convert = 5,
    Stake = 6,
    Unstake = 7,
    StakingReward = 8,
    UnstakeReleased = 9,
    /// <summary>An operator's credit (positive <see cref="Activity.Amount"/>) or debit (negative), approved under four eyes.</summary>
    Adjustment = 10,
}
