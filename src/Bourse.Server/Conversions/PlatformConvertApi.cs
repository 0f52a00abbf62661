using System.Globalization;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Server.Engine;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.Views;
using Bourse.Store;

namespace Bourse.Server.Conversions;

/// <summary>
/// <c>/api/v1/convert</c>: quote a swap of one asset for another from the live books, accept it within its lifetime,
/// and read converts back by reference. The engine plans the quote (the same code that executes it) and refuses an
/// accept that would now receive less than quoted, so a convert never fills worse than its quote.
/// </summary>
public static class PlatformConvertApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;
    private static readonly TimeSpan HistoryReadWait = TimeSpan.FromSeconds(5);

    public sealed record ConvertServices(EngineHost Host, ReferenceDataView Reference, ConvertQuoteBook Quotes, HistoryProjection History);

    public static void MapPlatformConvertApi(this IEndpointRouteBuilder app)
    {
        var convert = app.MapGroup("/api/v1/convert").WithTags("Convert").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        convert.MapPost("/quotes", Quote).Accepts<ConvertQuoteRequest>("application/json").Produces<ConvertQuoteResponse>(201)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(429)
            .ProducesProblem(503)
            .WithSummary("Quote converting one asset to another at the live books (through an intermediate market when needed); valid a few seconds.");
        convert.MapPost("/quotes/{quoteId}/accept", Accept).Produces<ConvertResult>().ProducesProblem(401).ProducesProblem(403)
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(429).ProducesProblem(503)
            .WithSummary("Execute a quote at its rate or better, all or nothing; refused if it expired, was accepted already or the books moved.");
        convert.MapGet("/history", History).Produces<ConvertPage>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .ProducesProblem(503).WithSummary("The user's converts, newest first; page with 'limit' (1–500, default 50) and 'cursor'.");
        convert.MapGet("/{reference}", Details).Produces<ConvertResult>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(503).WithSummary("One of the user's converts by its reference number.");
    }

    private static async Task<IResult> Quote(HttpContext context, [AsParameters] ConvertServices s)
    {
        var (body, problem) = await PlatformJson.ReadAsync<ConvertQuoteRequest>(context.Request, b => [("from", b.From), ("to", b.To)])
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (from, fromProblem) = PlatformAmounts.Asset(s.Reference, body!.From!, "from");
        var (to, toProblem) = PlatformAmounts.Asset(s.Reference, body.To!, "to");
        if ((fromProblem ?? toProblem) is { } assetProblem)
        {
            return assetProblem;
        }

        if (from!.Id == to!.Id)
        {
            return ApiProblem.BadRequest("same_asset", "'from' and 'to' must be different assets.", "to");
        }

        if (string.IsNullOrEmpty(body.FromAmount) == string.IsNullOrEmpty(body.ToAmount))
        {
            return ApiProblem.BadRequest("invalid_field", "Send exactly one of 'fromAmount' (to spend) and 'toAmount' (to receive).", "fromAmount");
        }

        var bySpend = !string.IsNullOrEmpty(body.FromAmount);
        var (amount, amountProblem) = bySpend
            ? PlatformAmounts.Positive(body.FromAmount!, from, "fromAmount")
            : PlatformAmounts.Positive(body.ToAmount!, to, "toAmount");
        if (amountProblem is not null)
        {
            return amountProblem;
        }

        var (userId, _) = PlatformUser.Of(context);
        ConvertPlan plan;
        try
        {
            plan = await s.Host.Engine.QueryAsync(core => bySpend
                ? core.PlanConvert(userId, from.Id, to.Id, amount)
                : core.PlanConvertToReceive(userId, from.Id, to.Id, amount)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return Unavailable();
        }

        if (plan.Reason != RejectReason.None)
        {
            return Refusal(plan.Reason, bySpend ? "fromAmount" : "toAmount");
        }

        var quote = s.Quotes.Issue(userId, plan);
        var route = new List<string> { s.Reference.FindMarket(plan.MarketId)!.Spec.Symbol };
        if (plan.ViaMarketId != 0)
        {
            route.Add(s.Reference.FindMarket(plan.ViaMarketId)!.Spec.Symbol);
        }

        var response = new ConvertQuoteResponse(quote.QuoteId, from.Code, to.Code, PlatformAmounts.Format(plan.Spent, from),
            PlatformAmounts.Format(plan.Received, to), Rate(plan.Received, to.Scale, plan.Spent, from.Scale),
            Rate(plan.Spent, from.Scale, plan.Received, to.Scale), PlatformAmounts.Format(plan.Fee, to), to.Code, route,
            quote.ExpiresAt, quote.ExpiresAt - quote.CreatedAt);
        return Results.Json(response, PlatformJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Accept(HttpContext context, string quoteId, [AsParameters] ConvertServices s)
    {
        var (userId, _) = PlatformUser.Of(context);
        if (quoteId.Length > 64 || s.Quotes.Find(userId, quoteId) is not { } quote)
        {
            return ApiProblem.Result(StatusCodes.Status404NotFound, "quote_not_found", "Not found.",
                "No such quote: ask for a new one (quotes live a few seconds and are forgotten after a restart).");
        }

        // The engine decides expiry by its own clock too; refusing here first saves a logged command.
        if (s.Quotes.Now > quote.ExpiresAt)
        {
            return Refusal(RejectReason.QuoteExpired, null);
        }

        var plan = quote.Plan;
        var command = Command.Convert(userId, plan.FromAssetId, plan.ToAssetId, plan.Spent, plan.MarketId, plan.ViaMarketId,
            plan.Received, quote.ExpiresAt, quote.QuoteId);
        var outcome = await s.Host.Gateway.SubmitAsync(command).ConfigureAwait(false);
        if (!outcome.IsApplied)
        {
            return Unavailable();
        }

        foreach (var e in outcome.Events)
        {
            if (e.Type == EventType.ConvertCompleted)
            {
                return Results.Json(ToResult(s.Reference, e.Reference!, e.AssetId, e.ToAssetId, e.Amount, e.ToAmount, e.Commission, e.Timestamp),
                    PlatformJson.Options);
            }

            if (e.Type == EventType.CommandRejected)
            {
                // Liquidity that was there when quoted and is gone now is the books moving, as far as the user can tell.
                return Refusal(e.Reason == RejectReason.InsufficientLiquidity ? RejectReason.WorseThanQuote : e.Reason, null);
            }
        }

        return Unavailable();
    }

    private static async Task<IResult> History(HttpContext context, [AsParameters] ConvertServices s)
    {
        var limit = DefaultPageSize;
        if (context.Request.Query.TryGetValue("limit", out var limitText)
            && (limitText.Count != 1 || !int.TryParse(limitText[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return ApiProblem.BadRequest("invalid_parameter", $"'limit' must be an integer from 1 to {MaxPageSize}.", "limit");
        }

        long? before = null;
        if (context.Request.Query.TryGetValue("cursor", out var cursorText))
        {
            if (cursorText.Count != 1 || !HistoryCursor.TryParseActivities(cursorText[0] ?? "", out var cursor))
            {
                return PlatformQuery.InvalidCursor();
            }

            before = cursor.Id;
        }

        var (userId, _) = PlatformUser.Of(context);
        var query = new ActivityQuery(userId, limit + 1) { Kinds = [ActivityKind.Convert], BeforeSequence = before };
        if (!await s.History.CaughtUpAsync(HistoryReadWait, context.RequestAborted).ConfigureAwait(false)
            || await s.History.ReadAsync((store, ct) => store.ActivitiesAsync(query, ct), context.RequestAborted).ConfigureAwait(false)
                is not { Succeeded: true, Value: var rows })
        {
            return Unavailable();
        }

        var page = rows.Take(limit).Select(a => ToResult(s.Reference, a)).ToList();
        var next = rows.Count > limit ? HistoryCursor.ForActivities(rows[limit - 1].Sequence) : null;
        return Results.Json(new ConvertPage(page, next), PlatformJson.Options);
    }

    private static async Task<IResult> Details(HttpContext context, string reference, [AsParameters] ConvertServices s)
    {
        var (userId, _) = PlatformUser.Of(context);
        if (reference.Length > 64)
        {
            return ApiProblem.NotFound("convert");
        }

        if (!await s.History.CaughtUpAsync(HistoryReadWait, context.RequestAborted).ConfigureAwait(false)
            || await s.History.ReadAsync((store, ct) => store.FindActivityAsync(userId, ActivityKind.Convert, reference, ct), context.RequestAborted)
                .ConfigureAwait(false) is not { Succeeded: true, Value: var found })
        {
            return Unavailable();
        }

        return found is null ? ApiProblem.NotFound("convert") : Results.Json(ToResult(s.Reference, found), PlatformJson.Options);
    }

    private static ConvertResult ToResult(ReferenceDataView reference, Activity a) =>
        ToResult(reference, a.Reference ?? "", a.AssetId, a.ToAssetId, a.Amount, a.ToAmount, a.Fee, a.Time);

    private static ConvertResult ToResult(ReferenceDataView reference, string id, int fromAssetId, int toAssetId, long spent, long received,
        long fee, long time)
    {
        var from = reference.FindAsset(fromAssetId)!;
        var to = reference.FindAsset(toAssetId)!;
        return new ConvertResult(id, "completed", from.Code, to.Code, PlatformAmounts.Format(spent, from), PlatformAmounts.Format(received, to),
            Rate(received, to.Scale, spent, from.Scale), PlatformAmounts.Format(fee, to), to.Code, time);
    }

    /// <summary>How many whole units of one asset a whole unit of the other fetched, to 12 decimals.</summary>
    private static string Rate(long numerator, int numeratorScale, long denominator, int denominatorScale)
    {
        if (numerator <= 0 || denominator <= 0)
        {
            return "0";
        }

        var value = numerator / Pow10(numeratorScale) / (denominator / Pow10(denominatorScale));
        return decimal.Round(value, 12).ToString("0.############", CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int scale) => (decimal)Math.Pow(10, scale);

    private static IResult Unavailable() =>
        ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "unavailable", "Try again shortly.", "The exchange is busy or stopping.");

    /// <summary>Why the engine would not quote or execute, as a problem: the user's input (400) or the state of books and balances (409).</summary>
    private static IResult Refusal(RejectReason reason, string? field) => reason switch
    {
        RejectReason.NoConvertRoute => Conflict("no_convert_route", "No market, direct or through one intermediate asset, joins these two assets."),
        RejectReason.InsufficientLiquidity => Conflict("insufficient_liquidity", "The order books cannot fill this amount within the price band; try less."),
        RejectReason.InsufficientBalance => Conflict("insufficient_balance", "The available balance does not cover the amount."),
        RejectReason.MarketNotTrading => Conflict("market_closed", "A market on the route is not trading."),
        RejectReason.QuoteExpired => Conflict("quote_expired", "The quote expired; ask for a new one."),
        RejectReason.WorseThanQuote => Conflict("price_moved", "The books moved: this convert would now receive less than quoted. Ask for a new quote."),
        RejectReason.DuplicateReference => Conflict("quote_already_accepted", "This quote was accepted already; see GET /api/v1/convert/{reference}."),
        RejectReason.LotSize or RejectReason.Notional => ApiProblem.BadRequest("amount_out_of_range",
            "The amount is outside what the markets on the route accept (their minimum or maximum quantity or notional).", field),
        RejectReason.InvalidAmount or RejectReason.Overflow => ApiProblem.BadRequest("invalid_amount", "The amount is out of range.", field),
        RejectReason.UnknownAsset => ApiProblem.BadRequest("unknown_asset", "The asset is not listed.", field),
        RejectReason.AccountRestricted => ApiProblem.Forbidden("account_restricted", "Trading is frozen on this account. Contact support."),
        _ => Conflict("convert_refused", $"The exchange refused the convert ({reason})."),
    };

    private static IResult Conflict(string code, string detail) => ApiProblem.Result(StatusCodes.Status409Conflict, code, "Refused.", detail);
}
