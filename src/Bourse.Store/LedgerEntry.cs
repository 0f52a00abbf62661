using Bourse.Core.Model;

namespace Bourse.Store;

/// <summary>One balance change: the command (sequence, index of its event) that caused it, the deltas and the result.</summary>
public readonly record struct LedgerEntry(
    long Sequence,
    int EventIndex,
    long UserId,
    int AssetId,
    BalanceChangeReason Reason,
    long AvailableDelta,
    long LockedDelta,
    long Available,
    long Locked,
    long ReferenceId,
    long Time);
