namespace Bourse.Core.Staking;

/// <summary>One user's stake in one asset: its lots, the reward remainder carried between periods, and what it earned.</summary>
public sealed class StakingPosition
{
    internal StakingPosition(long userId, int assetId)
    {
        UserId = userId;
        AssetId = assetId;
    }

    public long UserId { get; }

    public int AssetId { get; }

    /// <summary>Oldest first; unstaking takes from the newest staked lots.</summary>
    internal List<StakeLot> LotList { get; } = [];

    public IReadOnlyList<StakeLot> Lots => LotList;

    /// <summary>
    /// The part of the reward numerator (amount × rate × period) not yet paid out, below one smallest unit × 10⁶ × a
    /// year: carried to the next period so N periods pay exactly floor(N × stake × rate × period / (10⁶ × year)).
    /// </summary>
    public long RewardRemainder { get; internal set; }

    /// <summary>Every reward paid to this position.</summary>
    public long TotalRewards { get; internal set; }

    /// <summary>Staked and not unstaked (earning now or from the next period).</summary>
    public long StakedAmount => LotList.Where(l => l.IsStaked).Sum(l => l.Amount);

    public long EligibleIn(long period) => LotList.Where(l => l.EarnsIn(period)).Sum(l => l.Amount);
}
