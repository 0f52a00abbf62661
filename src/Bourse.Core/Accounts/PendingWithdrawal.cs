namespace Bourse.Core.Accounts;

/// <summary>Funds locked for a withdrawal until the chain side completes or cancels it.</summary>
public sealed record PendingWithdrawal(long Id, long UserId, int AssetId, long Amount, string Reference);
