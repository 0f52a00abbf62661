using Bourse.Core;
using Bourse.Core.Accounts;
using Bourse.Identity.Operators;
using Bourse.Server.Engine;
using Bourse.Server.Http;
using Bourse.Server.Identity;
using Bourse.Server.Views;

namespace Bourse.Server.Admin;

/// <summary>
/// <c>GET /api/v1/admin/reconciliation</c>: for operators, per asset, what came in (deposits less withdrawals, plus
/// operators' net adjustments: the supply) against what every account holds — users, the fee account and the staking-rewards account. They must be
/// equal at every moment: the core never creates or loses money, and this is the check an operator can run.
/// </summary>
public static class PlatformReconciliationApi
{
    public static void MapPlatformReconciliationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/reconciliation", Reconcile).WithTags("Admin").RequirePermission(OperatorPermission.ReconciliationRead)
            .RequireRateLimiting(PlatformRateLimits.Platform).AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone)
            // It sums every account on the engine thread, holding up matching while it runs: one at a time, bounded server-wide.
            .LimitedAsExpensiveRead("admin.reconciliation")
            .Produces<IReadOnlyList<AssetReconciliation>>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503)
            .WithSummary("Per asset: supply (deposits less withdrawals, plus net operator adjustments, also shown apart) against the sum of every account's balances; 'balanced' must be true.");
    }

    private static async Task<IResult> Reconcile(EngineHost host, ReferenceDataView reference) =>
        await RowsAsync(host, reference).ConfigureAwait(false) is { } rows ? Results.Json(rows, PlatformJson.Options) : Unavailable();

    /// <summary>The 503 problem for when the engine cannot answer (busy or stopping).</summary>
    internal static IResult Unavailable() =>
        ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "unavailable", "Try again shortly.", "The exchange is busy or stopping.");

    /// <summary>
    /// The reconciliation rows, one per listed asset, summed on the engine thread; null when the engine cannot answer.
    /// The dashboard shows the same rows.
    /// </summary>
    internal static async Task<IReadOnlyList<AssetReconciliation>?> RowsAsync(EngineHost host, ReferenceDataView reference)
    {
        List<AssetTotals> totals;
        try
        {
            totals = await host.Engine.QueryAsync(Totals).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return totals.Where(t => reference.FindAsset(t.AssetId) is not null).Select(t =>
        {
            var asset = reference.FindAsset(t.AssetId)!;
            return new AssetReconciliation(asset.Code, PlatformAmounts.Format(t.Supply, asset), PlatformAmounts.Format(t.Adjustments, asset),
                PlatformAmounts.Format(t.Available + t.Locked + t.Staked, asset), PlatformAmounts.Format(t.Available, asset),
                PlatformAmounts.Format(t.Locked, asset), PlatformAmounts.Format(t.Staked, asset), PlatformAmounts.Format(t.Fees, asset),
                PlatformAmounts.Format(t.StakingRewards, asset), t.NegativeBalances,
                t.Supply == t.Available + t.Locked + t.Staked && t.NegativeBalances == 0);
        }).ToList();
    }

    private static List<AssetTotals> Totals(ExchangeCore core)
    {
        var totals = new List<AssetTotals>();
        foreach (var asset in core.Assets)
        {
            long available = 0, locked = 0, staked = 0;
            var negative = 0;
            foreach (var account in core.Accounts)
            {
                var balance = account.GetBalance(asset.Id);
                available += balance.Available;
                locked += balance.Locked;
                staked += balance.Staked;
                negative += balance.Available < 0 || balance.Locked < 0 || balance.Staked < 0 ? 1 : 0;
            }

            totals.Add(new AssetTotals(asset.Id, core.SupplyOf(asset.Id), core.AdjustmentsOf(asset.Id), available, locked, staked,
                core.GetBalance(SystemAccounts.Fees, asset.Id).Total, core.GetBalance(SystemAccounts.StakingRewards, asset.Id).Total, negative));
        }

        return totals;
    }

    private sealed record AssetTotals(int AssetId, long Supply, long Adjustments, long Available, long Locked, long Staked, long Fees, long StakingRewards,
        int NegativeBalances);
}

/// <summary>
/// One asset's books: <see cref="Held"/> (= available + locked + staked over all accounts) must equal
/// <see cref="Supply"/>, and no account may hold a negative amount (sums alone would hide −X here and +X there).
/// <see cref="Adjustments"/> is the part of the supply operators credited less what they debited (its own line: no
/// deposit explains it).
/// </summary>
public sealed record AssetReconciliation(string Asset, string Supply, string Adjustments, string Held, string Available, string Locked, string Staked,
    string FeeAccount, string StakingRewardsAccount, int NegativeBalances, bool Balanced);
