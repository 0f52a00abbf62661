namespace Bourse.Core.Staking;

/// <summary>
/// What a stake or unstake reference did: its id (the command's sequence), asset, amount and, for an unstake, when the
/// funds are released. Lets a retry under the same reference be answered with the original, and a different request
/// under a used reference be told apart from a retry.
/// </summary>
public readonly record struct StakingRequest(long Id, int AssetId, long Amount, long ReleaseAt);
