using Bourse.Api.Binance;
using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.Server.Approvals;
using Bourse.Server.Engine;
using Bourse.Server.Http;
using Bourse.Server.Views;

namespace Bourse.Server.Treasury;

/// <summary>
/// <c>/api/v1/admin/adjustments</c>: balance credits and debits under four eyes. A treasury operator proposes (every
/// check made up front: the user, the asset, an amount exact in the asset's scale, a reason, an unused reference);
/// another approves — only then does the engine apply it — or rejects. The rules are <see cref="ProposalDesk"/>'s.
/// </summary>
public static class AdjustmentsApi
{
    public const int MaxReferenceLength = 128;
    public const int MaxReasonLength = 500;
    private const int ListLimit = 500;

    public static void MapAdjustmentsApi(this IEndpointRouteBuilder app)
    {
        var adjustments = app.MapGroup("/api/v1/admin/adjustments").WithTags("Admin")
            .RequireRateLimiting(PlatformRateLimits.Platform).AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        adjustments.MapGet("/", List).RequirePermission(OperatorPermission.AdjustmentsPropose)
            .Produces<IReadOnlyList<AdjustmentProposal>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429)
            .WithSummary("Balance adjustment proposals, newest first: 'status=pending' (the default) or 'status=all'.");
        adjustments.MapPost("/", Propose).RequirePermission(OperatorPermission.AdjustmentsPropose).Accepts<AdjustmentRequest>("application/json")
            .Produces<AdjustmentProposal>(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413)
            .ProducesProblem(429).ProducesProblem(503)
            .WithSummary("Propose a credit (positive amount) or debit (negative) of a user's available balance; another operator must approve it.");
        adjustments.MapPost("/{id:long}/approve", Approve).RequirePermission(OperatorPermission.AdjustmentsApprove)
            .Produces<AdjustmentProposal>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(429)
            .ProducesProblem(503)
            .WithSummary("Approve someone else's pending proposal and apply it: it comes back executed, or failed with the reason.");
        adjustments.MapPost("/{id:long}/reject", Reject).RequirePermission(OperatorPermission.AdjustmentsApprove).Accepts<AdjustmentRejection>("application/json")
            .Produces<AdjustmentProposal>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .ProducesProblem(413).ProducesProblem(429)
            .WithSummary("Reject someone else's pending proposal, with a reason.");
    }

    private static async Task<IResult> List(HttpContext context, ProposalDesk desk)
    {
        var (status, problem) = PlatformQuery.Text(context, "status", required: false);
        if (problem is not null)
        {
            return problem;
        }

        if (status is not (null or "pending" or "all"))
        {
            return ApiProblem.BadRequest("invalid_parameter", "'status' must be 'pending' or 'all'.", "status");
        }

        var proposals = await desk.ListAsync(BalanceAdjustments.KindName, status != "all", ListLimit, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(proposals.Select(ToWire).ToList(), PlatformJson.Options);
    }

    private static async Task<IResult> Propose(HttpContext context, ProposalDesk desk, IUserStore users, ReferenceDataView reference, EngineHost host)
    {
        var (body, problem) = await PlatformJson.ReadAsync<AdjustmentRequest>(context.Request,
            b => [("asset", b.Asset), ("amount", b.Amount), ("reason", b.Reason), ("reference", b.Reference)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (payload, invalid) = await ValidateAsync(body!, users, reference, context.RequestAborted).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        // A reference the core has applied already (an adjustment made some other way) would never apply again.
        long? applied;
        try
        {
            applied = await host.Engine.QueryAsync(core => core.FindAdjustment(body!.Reference!)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return TradingProblems.Busy(context);
        }

        if (applied is not null)
        {
            return ProposalResult.Refused(ProposalRefusal.ReferenceInUse).Problem();
        }

        var units = DecimalUnits.Format(Math.Abs(payload!.Units), payload.Scale);
        var summary = payload.Units > 0
            ? $"credit {units} {payload.Asset} to user {payload.UserId}"
            : $"debit {units} {payload.Asset} from user {payload.UserId}";
        var result = await desk.ProposeAsync(context, BalanceAdjustments.KindName, body!.Reference!,
            System.Text.Json.JsonSerializer.Serialize(payload, PlatformJson.Options), summary).ConfigureAwait(false);
        return result.Refusal == ProposalRefusal.None
            ? Results.Json(ToWire(result.Proposal!), PlatformJson.Options, statusCode: StatusCodes.Status201Created)
            : result.Problem();
    }

    private static async Task<IResult> Approve(HttpContext context, long id, ProposalDesk desk)
    {
        var result = await desk.ApproveAsync(context, BalanceAdjustments.KindName, id).ConfigureAwait(false);
        return result.Refusal == ProposalRefusal.None ? Results.Json(ToWire(result.Proposal!), PlatformJson.Options) : result.Problem();
    }

    private static async Task<IResult> Reject(HttpContext context, long id, ProposalDesk desk)
    {
        var (body, problem) = await PlatformJson.ReadAsync<AdjustmentRejection>(context.Request, b => [("reason", b.Reason)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Text(body!.Reason!, "reason", MaxReasonLength) is { } invalid)
        {
            return invalid;
        }

        var result = await desk.RejectAsync(context, BalanceAdjustments.KindName, id, body.Reason!.Trim()).ConfigureAwait(false);
        return result.Refusal == ProposalRefusal.None ? Results.Json(ToWire(result.Proposal!), PlatformJson.Options) : result.Problem();
    }

    /// <summary>Everything about a proposal that can be checked before it is stored.</summary>
    private static async Task<(AdjustmentPayload? Payload, IResult? Problem)> ValidateAsync(AdjustmentRequest body, IUserStore users,
        ReferenceDataView reference, CancellationToken cancellationToken)
    {
        if (body.UserId is not { } userId)
        {
            return (null, ApiProblem.BadRequest("missing_field", "The field 'userId' is required.", "userId"));
        }

        if (userId <= 0)
        {
            return (null, ApiProblem.BadRequest("invalid_field", "'userId' must be a positive user id.", "userId"));
        }

        if (body.Reference!.Length > MaxReferenceLength || !body.Reference.All(IsReferenceChar))
        {
            return (null, ApiProblem.BadRequest("invalid_field",
                $"'reference' must be 1–{MaxReferenceLength} characters of letters, digits and . _ : -", "reference"));
        }

        if (Text(body.Reason!, "reason", MaxReasonLength) is { } badReason)
        {
            return (null, badReason);
        }

        var (asset, assetProblem) = PlatformAmounts.Asset(reference, body.Asset!, "asset");
        if (assetProblem is not null)
        {
            return (null, assetProblem);
        }

        var negative = body.Amount!.StartsWith('-');
        var (magnitude, amountProblem) = DecimalUnits.TryParse(negative ? body.Amount[1..] : body.Amount, asset!.Scale, out var units) switch
        {
            DecimalParseStatus.Ok when units > 0 => (units, null),
            DecimalParseStatus.Ok => (0, ApiProblem.BadRequest("invalid_amount", "'amount' must not be zero.", "amount")),
            DecimalParseStatus.TooPrecise => (0, ApiProblem.BadRequest("invalid_precision",
                $"'amount' has more than {asset.Scale} decimals, the precision of {asset.Code}.", "amount")),
            DecimalParseStatus.Overflow => (0, ApiProblem.BadRequest("invalid_amount", "'amount' is too large.", "amount")),
            _ => (0L, (IResult?)ApiProblem.BadRequest("invalid_amount",
                "'amount' must be a plain decimal string, negative for a debit, such as \"12.5\" or \"-0.25\".", "amount")),
        };
        if (amountProblem is not null)
        {
            return (null, amountProblem);
        }

        if (await users.FindAsync(userId, cancellationToken).ConfigureAwait(false) is null)
        {
            return (null, ApiProblem.BadRequest("unknown_user", "No user has that id.", "userId"));
        }

        return (new AdjustmentPayload(userId, asset!.Id, asset.Code, asset.Scale, negative ? -magnitude : magnitude, body.Reason!.Trim()), null);
    }

    private static IResult? Text(string value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl)
            ? ApiProblem.BadRequest("invalid_field", $"'{field}' must be 1–{maxLength} characters of text.", field)
            : null;

    private static bool IsReferenceChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-';

    private static AdjustmentProposal ToWire(Proposal proposal)
    {
        var payload = BalanceAdjustments.PayloadOf(proposal);
        return new AdjustmentProposal
        {
            Id = proposal.Id,
            UserId = payload.UserId,
            Asset = payload.Asset,
            Amount = DecimalUnits.Format(payload.Units, payload.Scale),
            Reason = payload.Reason,
            Reference = proposal.Reference,
            Status = proposal.Status,
            ProposedBy = proposal.ProposedBy,
            ProposedAt = proposal.ProposedAt,
            ExpiresAt = proposal.ExpiresAt,
            DecidedBy = proposal.DecidedBy,
            DecidedAt = proposal.DecidedAt,
            DecisionReason = proposal.DecisionReason,
            Failure = proposal.Failure,
        };
    }
}
