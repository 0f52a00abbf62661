using Bourse.Server.Http;
using Bourse.Store;

namespace Bourse.Server.Wallet;

/// <summary>
/// <c>/api/v1/wallet/history</c>: every money movement of the user outside trading — deposits, withdrawals, transfers
/// both ways, converts, staking — from the history store, newest first, filtered by kind and asset. Trades have their
/// own history (<c>/api/v1/trades</c>); a convert's fills are there too, its summary row here.
/// </summary>
public static class WalletHistoryApi
{
    public static void MapWalletHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/wallet/history", History).WithTags("Wallet").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone).Produces<ActivityPage>().ProducesProblem(400).ProducesProblem(401)
            .ProducesProblem(403).ProducesProblem(503)
            .WithSummary("The user's deposits, withdrawals, transfers, converts and staking, newest first; filter with 'kind' (comma-separated) and 'asset'; page with 'limit' and 'cursor'.");
    }

    private static async Task<IResult> History(HttpContext context, [AsParameters] WalletServices s)
    {
        var (limit, before, problem) = ActivityPages.ReadPaging(context);
        if (problem is not null)
        {
            return problem;
        }

        var (kindText, kindProblem) = PlatformQuery.Text(context, "kind", required: false);
        if (kindProblem is not null)
        {
            return kindProblem;
        }

        var kinds = new List<ActivityKind>();
        foreach (var name in kindText?.Split(',') ?? [])
        {
            if (!ActivityKinds.TryParse(name, out var kind))
            {
                return ApiProblem.BadRequest("invalid_parameter", $"'kind' must be a comma-separated list of: {string.Join(", ", ActivityKinds.All)}.", "kind");
            }

            kinds.Add(kind);
        }

        var (assetText, assetProblem) = PlatformQuery.Text(context, "asset", required: false);
        if (assetProblem is not null)
        {
            return assetProblem;
        }

        int? assetId = null;
        if (assetText is not null)
        {
            if (s.Asset(assetText) is not { } asset)
            {
                return ApiProblem.BadRequest("unknown_asset", "No listed asset has that code.", "asset");
            }

            assetId = asset.Id;
        }

        var (userId, _) = PlatformUser.Of(context);
        var query = new ActivityQuery(userId, limit) { Kinds = [.. kinds.Distinct()], AssetId = assetId, BeforeSequence = before };
        if (!await s.History.CaughtUpAsync(ActivityPages.HistoryReadWait, context.RequestAborted).ConfigureAwait(false)
            || await s.History.ReadAsync((store, ct) => ActivityPages.ReadAsync(store, query, ct), context.RequestAborted).ConfigureAwait(false)
                is not { Succeeded: true, Value: var page })
        {
            return ActivityPages.Busy(context);
        }

        var counterparties = await s.CounterpartiesAsync(page.Rows, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new ActivityPage([.. page.Rows.Select(a => ToActivity(s, a, counterparties))], page.NextCursor), PlatformJson.Options);
    }

    private static PlatformActivity ToActivity(WalletServices s, Activity a, Dictionary<long, TransferCounterparty> counterparties)
    {
        var (asset, amount) = s.Format(a.AssetId, a.Amount);
        var converted = a.ToAssetId != 0 ? s.Format(a.ToAssetId, a.ToAmount) : default;
        return new PlatformActivity
        {
            Id = a.Sequence,
            Kind = ActivityKinds.Name(a.Kind),
            Asset = asset,
            Amount = amount,
            ToAsset = converted.Code,
            ToAmount = converted.Amount,
            Fee = a.ToAssetId != 0 ? s.Format(a.ToAssetId, a.Fee).Amount : a.Fee != 0 ? s.Format(a.AssetId, a.Fee).Amount : null,
            Counterparty = a.CounterpartyId != 0 ? counterparties.GetValueOrDefault(a.CounterpartyId) : null,
            // A received transfer's reference is the sender's idempotency key: theirs, not the recipient's.
            Reference = a.Kind == ActivityKind.TransferIn ? null : a.Reference,
            ReferenceId = a.ReferenceId != 0 ? a.ReferenceId : null,
            Period = a.Period != 0 ? a.Period : null,
            ReleaseAt = a.ReleaseAt != 0 ? a.ReleaseAt : null,
            Time = a.Time,
        };
    }
}
