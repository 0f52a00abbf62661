namespace Bourse.Server.Portfolio;

/// <summary>Portfolio valuation and value-over-time snapshots. Section <c>Bourse:Portfolio</c>.</summary>
public sealed class PortfolioOptions
{
    public const string Section = "Bourse:Portfolio";

    /// <summary>The snapshot interval in demo mode unless one is configured.</summary>
    public static readonly TimeSpan DemoSnapshotInterval = TimeSpan.FromMinutes(1);

    /// <summary>The asset portfolios are valued in when a request names none (and snapshots always are).</summary>
    public string QuoteAsset { get; set; } = "USDT";

    /// <summary>How often every user's total value is recorded. At least one second; one minute in demo mode unless set.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many (user, quote asset) average-cost books are kept between PnL requests, least recently used dropped
    /// first; a kept book replays only what happened since. 0 keeps none.
    /// </summary>
    public int CostBooksKept { get; set; } = 4_096;
}
