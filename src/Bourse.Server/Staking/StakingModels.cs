using System.Text.Json.Serialization;

namespace Bourse.Server.Staking;

// Request and response bodies of /api/v1/staking. Amounts are decimal strings in the asset's precision; times are Unix
// milliseconds; periods are numbered floor(time / rewardPeriodMs) from the Unix epoch.

/// <summary>
/// POST /api/v1/staking/stake and /unstake. <c>clientReference</c> (1–64 of <c>A-Z a-z 0-9 . _ : -</c>) makes the
/// request idempotent: a retry with the same body answers the first result; another body under it is refused (409).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StakingRequestBody(string? Asset, string? Amount, string? ClientReference);

/// <summary>One stakable asset's terms.</summary>
public sealed record StakingProductResponse(
    string Asset,
    string Apr,
    string Minimum,
    long UnbondingPeriodMs,
    long RewardPeriodMs,
    long LastPaidPeriod);

/// <summary>The answer to a stake: its id and what it moved from available into the stake.</summary>
public sealed record StakeResponse(long StakeId, string Asset, string Amount, string ClientReference);

/// <summary>The answer to an unstake: its id and when the amount becomes available again.</summary>
public sealed record UnstakeResponse(long UnstakeId, string Asset, string Amount, long ReleaseAt, string ClientReference);

/// <summary>
/// The user's stake in one asset. <c>staked</c>: staked and not unstaked; of it, <c>earning</c> earns in the current
/// period (the rest was staked during it and earns from the next). <c>unbonding</c>: unstaked, locked until each
/// entry's release. <c>totalRewards</c>: every reward this position was paid.
/// </summary>
public sealed record StakingPositionResponse(
    string Asset,
    string Staked,
    string Earning,
    string Unbonding,
    IReadOnlyList<UnbondingResponse> UnbondingEntries,
    string TotalRewards);

/// <summary>Unstaked funds waiting for their release.</summary>
public sealed record UnbondingResponse(long UnstakeId, string Amount, long ReleaseAt, string ClientReference);

/// <summary>One reward paid: for which period, and when.</summary>
public sealed record StakingRewardResponse(string Asset, string Amount, long Period, long PeriodStart, long PeriodEnd, long PaidAt);

/// <summary>Rewards ever earned in one asset.</summary>
public sealed record StakingRewardTotal(string Asset, string Total);

/// <summary>A page of rewards, newest first, and the totals per asset (of every reward, not just this page).</summary>
public sealed record StakingRewardPage(IReadOnlyList<StakingRewardResponse> Rewards, string? NextCursor, IReadOnlyList<StakingRewardTotal> Totals);
