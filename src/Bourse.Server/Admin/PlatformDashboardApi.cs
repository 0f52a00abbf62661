using System.Globalization;
using Bourse.Core.Accounts;
using Bourse.Core.Model;
using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.MarketData;
using Bourse.Server.Approvals;
using Bourse.Server.Engine;
using Bourse.Server.Http;
using Bourse.Server.Identity;
using Bourse.Server.Views;

namespace Bourse.Server.Admin;

/// <summary>
/// <c>GET /api/v1/admin/dashboard</c>: the back office's first page — how many accounts, proposals waiting for a
/// second operator, each market's status and rolling 24 h volume and trade count, what the fee account has earned, and
/// whether the books reconcile. Each figure comes from what is already kept: the users table's count, the market-data
/// tickers, the fee account's balances in the account views; only reconciliation sums accounts, on the engine thread,
/// so the endpoint is bounded as an expensive read, as the reconciliation endpoint is.
/// </summary>
public static class PlatformDashboardApi
{
    public static void MapPlatformDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/dashboard", Dashboard).WithTags("Admin").RequirePermission(OperatorPermission.DashboardRead)
            .RequireRateLimiting(PlatformRateLimits.Platform).AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone)
            .LimitedAsExpensiveRead("admin.dashboard")
            .Produces<DashboardResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503)
            .WithSummary("The back office's figures: accounts, pending proposals, 24 h volume and trades per market, fees earned, reconciliation.");
    }

    private static async Task<IResult> Dashboard(HttpContext context, IUserStore users, EngineHost host, ReferenceDataView reference,
        MarketDataStore marketData, AccountViews accounts, ProposalDesk proposals)
    {
        var reconciliation = await PlatformReconciliationApi.RowsAsync(host, reference).ConfigureAwait(false);
        if (reconciliation is null)
        {
            return PlatformReconciliationApi.Unavailable();
        }

        var userCount = await users.CountAsync(context.RequestAborted).ConfigureAwait(false);
        var pending = await proposals.CountPendingAsync(context.RequestAborted).ConfigureAwait(false);

        var markets = reference.Markets.Select(market =>
        {
            var ticker = marketData.GetMarket(market.Spec.Id)?.GetTicker();
            return new DashboardMarket(market.Spec.Symbol, StatusName(market.Status),
                Wide(ticker?.QuoteVolume ?? Int128.Zero, market.Quote.Scale), ticker?.Count ?? 0);
        }).OrderBy(m => m.Symbol, StringComparer.Ordinal).ToList();

        var (feeBalances, _) = accounts.Balances(SystemAccounts.Fees);
        var fees = feeBalances.Select(pair => (Asset: reference.FindAsset(pair.Key), Units: pair.Value.Available + pair.Value.Locked + pair.Value.Staked))
            .Where(f => f.Asset is not null && f.Units != 0)
            .Select(f => new DashboardAmount(f.Asset!.Code, PlatformAmounts.Format(f.Units, f.Asset)))
            .OrderBy(f => f.Asset, StringComparer.Ordinal).ToList();

        return Results.Json(new DashboardResponse(userCount, pending, markets, fees,
            new DashboardReconciliation(reconciliation.All(r => r.Balanced), reconciliation)), PlatformJson.Options);
    }

    /// <summary>The admin API's market status names (admin-api: TRADING, HALTED, CANCEL_ONLY, DELISTED).</summary>
    private static string StatusName(MarketStatus status) => status switch
    {
        MarketStatus.Trading => "TRADING",
        MarketStatus.Halted => "HALTED",
        MarketStatus.CancelOnly => "CANCEL_ONLY",
        // Statuses added later (DELISTED) by their own names.
        _ => status.ToString().ToUpperInvariant(),
    };

    /// <summary>A 128-bit amount (a day's volume can pass a long) at <paramref name="scale"/> decimals.</summary>
    private static string Wide(Int128 units, int scale)
    {
        if (units >= long.MinValue && units <= long.MaxValue)
        {
            return Bourse.Api.Binance.DecimalUnits.Format((long)units, scale);
        }

        var unit = Int128.One;
        for (var i = 0; i < scale; i++)
        {
            unit *= 10;
        }

        var whole = (units / unit).ToString(CultureInfo.InvariantCulture);
        return scale == 0 ? whole : $"{whole}.{(units % unit).ToString(CultureInfo.InvariantCulture).PadLeft(scale, '0')}";
    }
}

/// <param name="Users">Every account, operators included.</param>
/// <param name="PendingProposals">Balance adjustments (and later other proposals) waiting for a second operator.</param>
/// <param name="FeesEarned">The fee account's holdings per asset (assets it never received are absent).</param>
public sealed record DashboardResponse(long Users, int PendingProposals, IReadOnlyList<DashboardMarket> Markets,
    IReadOnlyList<DashboardAmount> FeesEarned, DashboardReconciliation Reconciliation);

/// <param name="Volume24h">Rolling 24 h volume in the quote asset.</param>
/// <param name="Trades24h">Trades in the same window.</param>
public sealed record DashboardMarket(string Symbol, string Status, string Volume24h, long Trades24h);

public sealed record DashboardAmount(string Asset, string Amount);

/// <param name="Balanced">Every asset balanced (supply equals holdings, no negative balance).</param>
/// <param name="Assets">The reconciliation endpoint's rows.</param>
public sealed record DashboardReconciliation(bool Balanced, IReadOnlyList<AssetReconciliation> Assets);
