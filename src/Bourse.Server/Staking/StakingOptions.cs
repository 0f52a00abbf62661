namespace Bourse.Server.Staking;

/// <summary>Operator settings of staking (section <c>Bourse:Staking</c>).</summary>
public sealed class StakingOptions
{
    public const string Section = "Bourse:Staking";

    /// <summary>The stakable assets. Empty: no staking (in demo mode, <see cref="DemoProducts"/>).</summary>
    public List<StakingProductOptions> Products { get; set; } = [];

    /// <summary>How often the scheduler looks for ended reward periods and due releases.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What the demo stakes when no products are configured: SOL and ETH with one-minute periods.</summary>
    public static IReadOnlyList<StakingProductOptions> DemoProducts { get; } =
    [
        new() { Asset = "SOL", Apr = 0.07m, Minimum = "0.1", UnbondingPeriod = TimeSpan.FromMinutes(2), RewardPeriod = TimeSpan.FromMinutes(1) },
        new() { Asset = "ETH", Apr = 0.04m, Minimum = "0.01", UnbondingPeriod = TimeSpan.FromMinutes(5), RewardPeriod = TimeSpan.FromMinutes(1) },
    ];
}

/// <summary>One stakable asset's terms, as an operator writes them.</summary>
public sealed class StakingProductOptions
{
    /// <summary>Asset code, e.g. SOL.</summary>
    public string Asset { get; set; } = "";

    /// <summary>Yearly reward rate as a fraction (0.05 is 5%), at most 1, in steps of 0.000001.</summary>
    public decimal Apr { get; set; }

    /// <summary>The smallest stake, a decimal string in the asset's precision.</summary>
    public string Minimum { get; set; } = "";

    /// <summary>How long unstaked funds stay locked.</summary>
    public TimeSpan UnbondingPeriod { get; set; }

    /// <summary>How often rewards are paid (whole milliseconds; fixed once the asset is stakable).</summary>
    public TimeSpan RewardPeriod { get; set; } = TimeSpan.FromDays(1);
}
