namespace Bourse.Core.Staking;

/// <summary>
/// The terms on which an asset can be staked. Periods are numbered floor(time / <see cref="PeriodMs"/>) from the Unix
/// epoch; the period length is fixed once set, so period numbers already paid keep their meaning.
/// </summary>
public sealed class StakingProduct
{
    /// <summary>A year of 365 days in ms: the APR is paid pro rata per period of this year.</summary>
    public const long YearMs = 365L * 24 * 60 * 60 * 1000;

    public const int RateScale = 1_000_000;

    /// <summary>A yearly rate above 100% is refused as a fat-finger guard (and keeps a period's reward below the stake).</summary>
    public const int MaxRatePpm = RateScale;

    /// <summary>Reward periods and unbonding times of up to a year.</summary>
    public const long MaxDurationMs = YearMs;

    internal StakingProduct(int assetId, long periodMs, long lastPaidPeriod)
    {
        AssetId = assetId;
        PeriodMs = periodMs;
        LastPaidPeriod = lastPaidPeriod;
    }

    public int AssetId { get; }

    /// <summary>Yearly reward rate in parts per million.</summary>
    public int RatePpm { get; internal set; }

    /// <summary>The smallest stake accepted, in the asset's smallest unit.</summary>
    public long MinimumAmount { get; internal set; }

    /// <summary>How long unstaked funds stay locked before they are released.</summary>
    public long UnbondingMs { get; internal set; }

    public long PeriodMs { get; }

    /// <summary>The last period whose rewards were paid (or, before the first payment, the period the product was set in).</summary>
    public long LastPaidPeriod { get; internal set; }

    /// <summary>The period <paramref name="timestamp"/> (Unix ms, never negative) falls in.</summary>
    public long PeriodAt(long timestamp) => timestamp / PeriodMs;

    /// <summary>When <paramref name="period"/> ends (Unix ms): its rewards can be paid from then on.</summary>
    public long EndOf(long period) => (period + 1) * PeriodMs;
}
