using Bourse.Core.Events;

namespace Bourse.Store;

/// <summary>Which engine events are activities, and of what kind for the user the event names (a transfer's sender).</summary>
public static class ActivityEvents
{
    public static ActivityKind? KindOf(EventType type) => type switch
    {
        EventType.DepositCredited => ActivityKind.Deposit,
        EventType.WithdrawalCompleted => ActivityKind.Withdrawal,
        EventType.TransferCompleted => ActivityKind.TransferOut,
        EventType.ConvertCompleted => ActivityKind.Convert,
        EventType.Staked => ActivityKind.Stake,
        EventType.UnstakeStarted => ActivityKind.Unstake,
        EventType.StakingRewardPaid => ActivityKind.StakingReward,
        EventType.UnstakeReleased => ActivityKind.UnstakeReleased,
        EventType.BalanceAdjusted => ActivityKind.Adjustment,
        _ => null,
    };

    public static bool Records(EventType type) => KindOf(type) is not null;
}
