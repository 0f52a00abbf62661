using System.Text.Json;
using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.Server.Engine;
using Bourse.Server.Http;
using Bourse.Trading;

namespace Bourse.Server.Listing;

/// <summary>
/// <c>/api/v1/admin</c> listing: assets, markets, fee tiers and listing documents (plan and apply), for operators with
/// ListingManage. Every change goes through the planner and the engine, and each is an operator audit entry.
/// </summary>
public static class ListingApi
{
    private const int MaxReasonLength = 500;

    public static IServiceCollection AddListing(this IServiceCollection services) => services.AddSingleton<ListingApplier>();

    public static void MapListingApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin")
            .RequireRateLimiting(PlatformRateLimits.Platform).AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        admin.MapGet("/assets", Assets).Listing().Produces<IReadOnlyList<ListedAsset>>()
            .WithSummary("Every listed asset: code, name, scale, whether deposits and withdrawals are enabled.");
        admin.MapPost("/assets", CreateAsset).Listing().Accepts<ListedAsset>("application/json").Produces<ListedAsset>(201).ProducesProblem(400).ProducesProblem(409)
            .WithSummary("List a new asset.");
        admin.MapPut("/assets/{code}", UpdateAsset).Listing().Accepts<AssetUpdateRequest>("application/json").Produces<ListedAsset>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Rename an asset or enable / suspend its deposits and withdrawals (its scale never changes).");
        admin.MapGet("/markets", Markets).Listing().Produces<IReadOnlyList<ListedMarket>>()
            .WithSummary("Every market with its status and filters.");
        admin.MapPost("/markets", CreateMarket).Listing().Accepts<ListedMarket>("application/json").Produces<ListedMarket>(201).ProducesProblem(400).ProducesProblem(409)
            .WithSummary("List a new market with its filters.");
        admin.MapPut("/markets/{symbol}", UpdateMarket).Listing().Accepts<MarketUpdateRequest>("application/json").Produces<ListedMarket>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Change a market's filters (not its tick or lot size, which resting orders were priced on).");
        admin.MapPut("/markets/{symbol}/status", SetMarketStatus).Listing().Accepts<MarketStatusRequest>("application/json").Produces<ListedMarket>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Set a market TRADING, HALTED (nothing placed or canceled) or CANCEL_ONLY, with a reason.");
        admin.MapPost("/markets/{symbol}/delist", Delist).Listing().Accepts<DelistRequest>("application/json").Produces<ListedMarket>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Delist a market: every open order is canceled and refunded, then the market is DELISTED for good.");
        admin.MapGet("/fee-tiers", FeeTiers).Listing().Produces<IReadOnlyList<FeeTierView>>()
            .WithSummary("Every fee tier's maker and taker rates, as fractions.");
        admin.MapPut("/fee-tiers/{tier:int}", SetFeeTier).Listing().Accepts<FeeTierRequest>("application/json").Produces<FeeTierView>().ProducesProblem(400)
            .WithSummary("Set a fee tier's maker and taker rates (at most 0.1).");
        admin.MapPut("/users/{userId:long}/fee-tier", SetUserFeeTier).Listing().Accepts<UserFeeTierRequest>("application/json").Produces(204).ProducesProblem(400)
            .WithSummary("Move a user to a fee tier; its rates apply from their next fill.");
        admin.MapPost("/listing/plan", PlanDocument).Listing().Accepts<ListingDocument>("application/json").Produces<ListingPlan>().ProducesProblem(400).ProducesProblem(415)
            .WithSummary("What applying a listing document would change; changes nothing.");
        admin.MapPost("/listing/apply", ApplyDocument).Listing().Accepts<ListingDocument>("application/json").Produces<ListingPlan>()
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(415)
            .WithSummary("Apply a listing document as engine commands, assets before markets; a second apply changes nothing.");
    }

    private static RouteHandlerBuilder Listing(this RouteHandlerBuilder builder) =>
        builder.RequirePermission(OperatorPermission.ListingManage).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

    private static async Task<IResult> Assets(ListingApplier listing)
    {
        var state = await listing.StateAsync().ConfigureAwait(false);
        return Results.Json(state.Assets.Select(a => a.ToListed()).ToList(), PlatformJson.Options);
    }

    private static async Task<IResult> Markets(ListingApplier listing)
    {
        var state = await listing.StateAsync().ConfigureAwait(false);
        return Results.Json(state.Markets.Select(m => m.ToListed()).ToList(), PlatformJson.Options);
    }

    private static async Task<IResult> FeeTiers(ListingApplier listing)
    {
        var state = await listing.StateAsync().ConfigureAwait(false);
        return Results.Json(state.FeeTiers.Select(t => FeeTierView.Of(t.Key, t.Value)).ToList(), PlatformJson.Options);
    }

    private static async Task<IResult> CreateAsset(HttpContext context, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<ListedAsset>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Code is { } code && (await listing.StateAsync().ConfigureAwait(false)).FindAsset(code) is not null)
        {
            return ApiProblem.Result(StatusCodes.Status409Conflict, "asset_exists", "Conflict with the current state.", $"{code} is already listed.");
        }

        return await ApplyOneAsync(context, listing, audit, time, new ListingDocument(Assets: [body]), null,
            state => Results.Json(state.FindAsset(body.Code!)!.ToListed(), PlatformJson.Options, statusCode: StatusCodes.Status201Created)).ConfigureAwait(false);
    }

    private static async Task<IResult> UpdateAsset(HttpContext context, string code, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<AssetUpdateRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if ((await listing.StateAsync().ConfigureAwait(false)).FindAsset(code) is not { } current)
        {
            return ApiProblem.NotFound("asset");
        }

        var entry = current.ToListed() with
        {
            Name = body!.Name ?? current.Name,
            DepositsEnabled = body.DepositsEnabled ?? current.DepositsEnabled,
            WithdrawalsEnabled = body.WithdrawalsEnabled ?? current.WithdrawalsEnabled,
        };
        return await ApplyOneAsync(context, listing, audit, time, new ListingDocument(Assets: [entry]), null,
            state => Results.Json(state.FindAsset(code)!.ToListed(), PlatformJson.Options)).ConfigureAwait(false);
    }

    private static async Task<IResult> CreateMarket(HttpContext context, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<ListedMarket>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Symbol is { } symbol && (await listing.StateAsync().ConfigureAwait(false)).FindMarket(symbol) is not null)
        {
            return ApiProblem.Result(StatusCodes.Status409Conflict, "market_exists", "Conflict with the current state.", $"{symbol} is already listed.");
        }

        return await ApplyOneAsync(context, listing, audit, time, new ListingDocument(Markets: [body]), null,
            state => Results.Json(state.FindMarket(body.Symbol!)!.ToListed(), PlatformJson.Options, statusCode: StatusCodes.Status201Created)).ConfigureAwait(false);
    }

    private static async Task<IResult> UpdateMarket(HttpContext context, string symbol, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<MarketUpdateRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if ((await listing.StateAsync().ConfigureAwait(false)).FindMarket(symbol) is not { } current)
        {
            return ApiProblem.NotFound("market");
        }

        if (current.Status == MarketStatus.Delisted)
        {
            return Delisted(symbol);
        }

        var listed = current.ToListed();
        var entry = listed with
        {
            Status = null,
            TickSize = body!.TickSize ?? listed.TickSize,
            LotSize = body.LotSize ?? listed.LotSize,
            MinQuantity = body.MinQuantity ?? listed.MinQuantity,
            MaxQuantity = body.MaxQuantity ?? listed.MaxQuantity,
            MinNotional = body.MinNotional ?? listed.MinNotional,
            MaxNotional = body.MaxNotional ?? listed.MaxNotional,
            MinPrice = body.MinPrice ?? listed.MinPrice,
            MaxPrice = body.MaxPrice ?? listed.MaxPrice,
            MarketOrderBand = body.MarketOrderBand ?? listed.MarketOrderBand,
        };
        return await ApplyOneAsync(context, listing, audit, time, new ListingDocument(Markets: [entry]), null,
            state => Results.Json(state.FindMarket(symbol)!.ToListed(), PlatformJson.Options)).ConfigureAwait(false);
    }

    private static async Task<IResult> SetMarketStatus(HttpContext context, string symbol, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<MarketStatusRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (ListingStatuses.Parse(body!.Status) is not (MarketStatus.Trading or MarketStatus.Halted or MarketStatus.CancelOnly))
        {
            return ApiProblem.BadRequest("invalid_status", "status must be TRADING, HALTED or CANCEL_ONLY (delist with POST .../delist).", "status");
        }

        return await ChangeStatusAsync(context, symbol, body.Status!, body.Reason, listing, audit, time).ConfigureAwait(false);
    }

    private static async Task<IResult> Delist(HttpContext context, string symbol, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<DelistRequest>(context.Request).ConfigureAwait(false);
        return problem ?? await ChangeStatusAsync(context, symbol, "DELISTED", body!.Reason, listing, audit, time).ConfigureAwait(false);
    }

    private static async Task<IResult> ChangeStatusAsync(HttpContext context, string symbol, string status, string? reason, ListingApplier listing,
        IOperatorAuditLog audit, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength || reason.Any(char.IsControl))
        {
            return ApiProblem.BadRequest("missing_field", $"The field 'reason' (1 to {MaxReasonLength} printable characters) is required.", "reason");
        }

        if ((await listing.StateAsync().ConfigureAwait(false)).FindMarket(symbol) is not { } current)
        {
            return ApiProblem.NotFound("market");
        }

        if (current.Status == MarketStatus.Delisted)
        {
            return Delisted(symbol);
        }

        var entry = current.ToListed() with { Status = status };
        return await ApplyOneAsync(context, listing, audit, time, new ListingDocument(Markets: [entry]), reason,
            state => Results.Json(state.FindMarket(symbol)!.ToListed(), PlatformJson.Options)).ConfigureAwait(false);
    }

    private static async Task<IResult> SetFeeTier(HttpContext context, int tier, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<FeeTierRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return await ApplyOneAsync(context, listing, audit, time, new ListingDocument(FeeTiers: [new ListedFeeTier(tier, body!.MakerRate, body.TakerRate)]), null,
            state => Results.Json(FeeTierView.Of(tier, state.FeeTiers[tier]), PlatformJson.Options)).ConfigureAwait(false);
    }

    private static async Task<IResult> SetUserFeeTier(HttpContext context, long userId, EngineHost host, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time,
        IUserStore users)
    {
        var (body, problem) = await PlatformJson.ReadAsync<UserFeeTierRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Tier is not { } tier || tier is < 0 or > ListingRates.MaxFeeTier || userId <= 0)
        {
            return ApiProblem.BadRequest("invalid_fee_tier", $"tier must be a fee tier from 0 to {ListingRates.MaxFeeTier} and the user a positive id.", "tier");
        }

        if (await users.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return ApiProblem.NotFound("user");
        }

        var before = await host.Engine.QueryAsync(core => core.GetAccount(userId)?.FeeTier ?? 0).ConfigureAwait(false);
        var outcome = await host.Gateway.SubmitAsync(Command.SetUserFeeTier(userId, tier)).ConfigureAwait(false);
        if (outcome.Status == SubmitStatus.Rejected)
        {
            return outcome.Reason == RejectReason.UnknownFeeTier
                ? ApiProblem.BadRequest("unknown_fee_tier", $"Fee tier {tier} has no rates: set them with PUT /api/v1/admin/fee-tiers/{tier} first.", "tier")
                : ApiProblem.BadRequest("invalid_fee_tier", $"The change was refused ({outcome.Reason}).");
        }

        if (outcome.Status != SubmitStatus.Accepted)
        {
            return TradingProblems.Busy(context);
        }

        await OperatorAccess.AuditAsync(context, audit, time, "user.feeTier", "user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $$"""{"tier":{{before}}}""", $$"""{"tier":{{tier}}}""").ConfigureAwait(false);
        return Results.NoContent();
    }

    private static Task<IResult> PlanDocument(HttpContext context, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time) =>
        DocumentAsync(context, listing, audit, time, apply: false);

    private static Task<IResult> ApplyDocument(HttpContext context, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time) =>
        DocumentAsync(context, listing, audit, time, apply: true);

    private static async Task<IResult> DocumentAsync(HttpContext context, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time, bool apply)
    {
        if (context.Request.ContentType is { } type && (type.Contains("yaml", StringComparison.OrdinalIgnoreCase)))
        {
            return ApiProblem.Result(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Unsupported media type.",
                "Send the listing document as JSON (application/json); YAML is not read yet.");
        }

        var (document, problem) = await PlatformJson.ReadAsync<ListingDocument>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!apply)
        {
            var planned = await listing.PlanAsync(document!).ConfigureAwait(false);
            return planned.Plan is null ? Invalid(planned.Errors) : Results.Json(planned.Plan, PlatformJson.Options);
        }

        return await ApplyOneAsync(context, listing, audit, time, document!, "listing document", _ => null).ConfigureAwait(false);
    }

    /// <summary>Applies a document, audits each change, and answers with <paramref name="answer"/> (null: the plan itself).</summary>
    private static async Task<IResult> ApplyOneAsync(HttpContext context, ListingApplier listing, IOperatorAuditLog audit, TimeProvider time,
        ListingDocument document, string? reason, Func<ListingState, IResult?> answer)
    {
        var result = await listing.ApplyAsync(document).ConfigureAwait(false);
        if (result.Plan is null)
        {
            return Invalid(result.Errors);
        }

        var applied = result.Failed is null ? result.Plan.Changes : [];
        foreach (var change in applied)
        {
            await OperatorAccess.AuditAsync(context, audit, time, $"{change.Kind}.{change.Action}", change.Kind, change.Target,
                Json(change.Before), Json(change.After), reason).ConfigureAwait(false);
        }

        if (result.Failed is { } failed)
        {
            return failed.IsBusy ? TradingProblems.Busy(context)
                : ApiProblem.Result(StatusCodes.Status409Conflict, "listing_conflict", "Conflict with the current state.",
                    $"The exchange changed while applying ({failed.Reason}): plan again and retry.");
        }

        return answer(await listing.StateAsync().ConfigureAwait(false)) ?? Results.Json(result.Plan, PlatformJson.Options);
    }

    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value, PlatformJson.Options);

    private static IResult Invalid(IReadOnlyList<ListingError> errors) =>
        ApiProblem.Result(StatusCodes.Status400BadRequest, "invalid_listing", "The request is invalid.",
            string.Join("; ", errors.Select(e => $"{e.Entry}: {e.Detail}")),
            new Dictionary<string, object?> { ["errors"] = errors });

    private static IResult Delisted(string symbol) =>
        ApiProblem.Result(StatusCodes.Status409Conflict, "market_delisted", "Conflict with the current state.", $"{symbol} is delisted, which is final.");
}
