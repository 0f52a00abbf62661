namespace Bourse.Core.Events;

/// <summary>Published to every consumer: values are frozen, only ever add.</summary>
public enum EventType : byte
{
    None = 0,
    /// <summary>A non-order command was refused; <see cref="Event.Reason"/> says why. Nothing changed.</summary>
    CommandRejected = 1,
    AssetCreated = 2,
    MarketCreated = 3,
    MarketStatusChanged = 4,
    FeeTierChanged = 5,
    UserFeeTierChanged = 6,
    BalanceChanged = 7,
    WithdrawalReserved = 8,
    WithdrawalCompleted = 9,
    WithdrawalCanceled = 10,
    TransferCompleted = 11,
    OrderAccepted = 20,
    OrderRejected = 21,
    OrderPartiallyFilled = 22,
    OrderFilled = 23,
    OrderCanceled = 24,
    OrderExpired = 25,
    OrderTriggered = 26,
    Trade = 27,
    DepositCredited = 28,
    /// <summary>The displayed quantity at one price changed (0: the level is gone). Once per level per command.</summary>
    BookLevelChanged = 29,
    /// <summary>A market's filters changed (its tick and lot size never do).</summary>
    MarketUpdated = 30,
    /// <summary>A convert executed: from asset and amount spent, to asset and amount received, fee in the to asset.</summary>
    ConvertCompleted = 31,
    StakingProductSet = 32,
    Staked = 33,
    /// <summary>Staked funds stopped earning and wait out the unbonding period (ReferenceId: the unstake id).</summary>
    UnstakeStarted = 34,
    /// <summary>One user's reward for one period (<see cref="Event.Period"/>).</summary>
    StakingRewardPaid = 35,
    UnstakeReleased = 36,
    /// <summary>An account's restrictions were set (<see cref="Event.Restrictions"/>: the whole set now in force).</summary>
    AccountRestrictionsChanged = 37,
    /// <summary>An operator's credit or debit: <see cref="Event.Amount"/> is signed, <see cref="Event.Reference"/> names it.</summary>
    BalanceAdjusted = 38,
    /// <summary>An asset's name (<see cref="Event.Reference"/>, null for none) and suspensions (<see cref="Event.Amount"/>) were set.</summary>
    AssetStatusChanged = 39,
}
