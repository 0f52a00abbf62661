namespace Bourse.Core.Model;

/// <summary>
/// What an operator has frozen on an account. Persisted (in the log and snapshots): values are frozen, only ever add.
/// A restriction refuses new activity of its kind; it never touches what is already there (open orders stay open and
/// may be canceled, pending withdrawals complete or cancel as usual).
/// </summary>
[Flags]
public enum AccountRestrictions : byte
{
    None = 0,
    /// <summary>No new orders (or the new half of a cancel-replace), no converts. Cancels are still allowed.</summary>
    Trading = 1,
    /// <summary>No withdrawals and no transfers out.</summary>
    Withdrawals = 2,
}
