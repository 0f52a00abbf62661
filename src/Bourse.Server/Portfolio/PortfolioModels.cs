namespace Bourse.Server.Portfolio;

// Responses of /api/v1/portfolio. Amounts are decimal strings padded to their asset's scale; values, prices and PnL
// are in the quote asset, padded to its scale. A figure that needs a price the markets do not give is null.

/// <summary>GET /api/v1/portfolio: every non-zero holding valued in <see cref="QuoteAsset"/> at live prices.</summary>
public sealed record PortfolioValuation(string QuoteAsset, string TotalValue, long Time, IReadOnlyList<PortfolioAsset> Assets);

/// <summary>One asset of the portfolio. <see cref="AllocationPercent"/> is its share of the total value (two decimals).</summary>
public sealed record PortfolioAsset(
    string Asset,
    string Available,
    string Locked,
    string Staked,
    string Total,
    string? Price,
    string? Value,
    string? AllocationPercent);

/// <summary>GET /api/v1/portfolio/history: recorded total values, oldest first, the current value last.</summary>
public sealed record PortfolioHistory(string QuoteAsset, IReadOnlyList<PortfolioPoint> Points);

/// <summary>The portfolio's total value at <see cref="Time"/> (Unix ms).</summary>
public sealed record PortfolioPoint(long Time, string Value);

/// <summary>GET /api/v1/portfolio/pnl: per-asset cost and profit by the average-cost method.</summary>
public sealed record PortfolioPnl(string QuoteAsset, IReadOnlyList<AssetPnl> Assets, PnlTotals Totals);

/// <summary>
/// One asset: <see cref="Quantity"/> held now, <see cref="AverageCost"/> per whole unit, <see cref="CostBasis"/> =
/// quantity × average cost, <see cref="Value"/> at the live price, <see cref="RealizedPnl"/> from sales so far (net of
/// fees), <see cref="UnrealizedPnl"/> = value − cost basis.
/// </summary>
public sealed record AssetPnl(
    string Asset,
    string Quantity,
    string? AverageCost,
    string? CostBasis,
    string? Price,
    string? Value,
    string RealizedPnl,
    string? UnrealizedPnl);

/// <summary>Sums over the assets: realized over all; cost basis, value and unrealized over those with both a cost and a price.</summary>
public sealed record PnlTotals(string CostBasis, string Value, string RealizedPnl, string UnrealizedPnl);

/// <summary>GET /api/v1/portfolio/statistics: lifetime money movements per asset, and their sums valued at live prices.</summary>
public sealed record PortfolioStatistics(string QuoteAsset, IReadOnlyList<AssetStatistics> Assets, MovementFigures Totals);

/// <summary>One asset's movements in the asset (<see cref="Amounts"/>) and in the quote asset at the live price (<see cref="Values"/>; null without a price).</summary>
public sealed record AssetStatistics(string Asset, string? Price, MovementFigures Amounts, MovementFigures? Values);

/// <summary>
/// Deposits, withdrawals, transfers in and out, staking rewards earned, and fees paid (trading commissions plus any
/// withdrawal or transfer fee).
/// </summary>
public sealed record MovementFigures(
    string Deposits,
    string Withdrawals,
    string TransfersIn,
    string TransfersOut,
    string StakingRewards,
    string Fees);
