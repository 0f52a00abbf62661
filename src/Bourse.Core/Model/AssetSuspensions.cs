namespace Bourse.Core.Model;

/// <summary>
/// What an operator has suspended on an asset. Persisted (in the log and snapshots): values are frozen, only ever add.
/// A suspension refuses new movements of its kind; balances, orders and pending withdrawals stay as they are.
/// </summary>
[Flags]
public enum AssetSuspensions : byte
{
    None = 0,
    /// <summary>No deposits are credited.</summary>
    Deposits = 1,
    /// <summary>No withdrawals and no transfers between users.</summary>
    Withdrawals = 2,
}
