namespace Bourse.Core.Staking;

/// <summary>Unstaked funds waiting out the unbonding period; still in the balance's staked part until released.</summary>
public sealed record UnbondingEntry(long Id, long UserId, int AssetId, long Amount, long ReleaseAt, string Reference);
