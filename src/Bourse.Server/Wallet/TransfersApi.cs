using System.Globalization;
using Bourse.Api.Binance;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Identity;
using Bourse.Server.Http;
using Bourse.Store;

namespace Bourse.Server.Wallet;

/// <summary>
/// <c>/api/v1/transfers</c>: sending funds to another user by email or user id. The engine's Transfer command moves
/// the funds atomically and once per sender and reference, so <c>clientReference</c> makes a retry harmless; this
/// layer resolves the recipient, checks the second factor, and answers a retry with the first transfer. Both parties
/// can read a transfer; anyone else gets 404 as for a missing one.
/// </summary>
public static partial class TransfersApi
{
    public const int MaxReferenceLength = 64;

    private static readonly ActivityKind[] TransferKinds = [ActivityKind.TransferOut, ActivityKind.TransferIn];

    public static void MapTransfersApi(this IEndpointRouteBuilder app)
    {
        var transfers = app.MapGroup("/api/v1/transfers").WithTags("Transfers").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        transfers.MapPost("/", Send).Accepts<TransferRequest>("application/json").Produces<PlatformTransfer>(201).Produces<PlatformTransfer>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413)
            .ProducesProblem(429).ProducesProblem(503)
            .WithSummary("Send funds to another user (by toEmail or toUserId); a retry with the same clientReference answers the first transfer (200).");
        transfers.MapGet("/", List).Produces<TransferPage>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(503)
            .WithSummary("The user's transfers, sent and received, newest first; page with 'limit' (1–500, default 50) and 'cursor'.");
        transfers.MapGet("/{transferId}", Get).Produces<PlatformTransfer>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .ProducesProblem(404).ProducesProblem(503).WithSummary("One transfer the user sent or received.");
    }

    private static async Task<IResult> Send(HttpContext context, [AsParameters] WalletServices s)
    {
        var (body, problem) = await PlatformJson.ReadAsync<TransferRequest>(context.Request,
            b => [("asset", b.Asset), ("amount", b.Amount), ("clientReference", b.ClientReference)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        var (recipient, asset, amount, invalid) = await ValidateAsync(body!, userId, s, context.RequestAborted).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        // One sender's transfers with a clientReference are checked and submitted under the sender's lock, so parallel
        // retries answer the first transfer instead of racing to the engine's duplicate refusal.
        var senderLock = s.Locks.For(userId);
        await senderLock.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            var (earlier, busy) = await FindSentAsync(context, s, userId, body!.ClientReference!).ConfigureAwait(false);
            if (busy is not null)
            {
                return busy;
            }

            if (earlier is not null)
            {
                return await ReplayAsync(context, s, earlier, recipient!.Id, asset!.Id, amount).ConfigureAwait(false);
            }

            // Only a new transfer needs the second factor: a retry of a sent one (whose code is now spent) still gets its answer.
            if (await s.SecondFactor.RequireAsync(userId, body.Code, RequestClient.Of(context), context.RequestAborted).ConfigureAwait(false) is { } refused)
            {
                return PlatformJson.Problem(context, refused);
            }

            var outcome = await s.Host.Gateway.SubmitAsync(Command.Transfer(userId, recipient!.Id, asset!.Id, amount, body.ClientReference!)).ConfigureAwait(false);
            return outcome.IsApplied
                ? await AnswerAsync(context, s, userId, recipient, asset, amount, outcome.Events).ConfigureAwait(false)
                : ActivityPages.Busy(context);
        }
        finally
        {
            senderLock.Release();
        }
    }

    /// <summary>What the engine did with a new transfer: 201 and the recipient told, or why it refused.</summary>
    private static async Task<IResult> AnswerAsync(HttpContext context, WalletServices s, long userId, UserRecord recipient, AssetSpec asset, long amount,
        IReadOnlyList<Event> events)
    {
        foreach (var e in events)
        {
            if (e.Type == EventType.TransferCompleted)
            {
                var sender = await s.Users.FindAsync(userId, CancellationToken.None).ConfigureAwait(false);
                await NotifyAsync(s, recipient, asset, e, userId, sender).ConfigureAwait(false);
                var sent = new PlatformTransfer
                {
                    Id = e.ReferenceId,
                    Direction = "out",
                    Asset = asset.Code,
                    Amount = DecimalUnits.Format(e.Amount, asset.Scale),
                    Counterparty = new TransferCounterparty(recipient.Id, MaskedEmail.Of(recipient.Email)),
                    ClientReference = e.Reference,
                    Status = "completed",
                    CreatedAt = e.Timestamp,
                };
                context.Response.Headers.Location = $"/api/v1/transfers/{sent.Id.ToString(CultureInfo.InvariantCulture)}";
                return Results.Json(sent, PlatformJson.Options, statusCode: StatusCodes.Status201Created);
            }

            if (e.Type == EventType.CommandRejected && e.Reason == RejectReason.DuplicateReference)
            {
                // The engine knew the reference although the store did not yet (another process, a store behind a restart).
                var (found, busy) = await FindSentAsync(context, s, userId, e.Reference!).ConfigureAwait(false);
                return busy ?? (found is null ? Refused(e.Reason) : await ReplayAsync(context, s, found, recipient.Id, asset.Id, amount).ConfigureAwait(false));
            }

            if (e.Type == EventType.CommandRejected)
            {
                return Refused(e.Reason);
            }
        }

        return ActivityPages.Busy(context);
    }

    /// <summary>Checks everything that needs no lock: the reference, the recipient, the asset and the amount.</summary>
    private static async Task<(UserRecord? Recipient, AssetSpec? Asset, long Amount, IResult? Problem)> ValidateAsync(TransferRequest body, long userId,
        WalletServices s, CancellationToken cancellationToken)
    {
        if (body.ClientReference!.Length > MaxReferenceLength || !body.ClientReference.All(IsReferenceChar))
        {
            return Invalid(ApiProblem.BadRequest("invalid_field",
                $"'clientReference' must be 1–{MaxReferenceLength} characters of letters, digits and . _ : -", "clientReference"));
        }

        if ((body.ToEmail is null) == (body.ToUserId is null))
        {
            return Invalid(ApiProblem.BadRequest("invalid_recipient", "Name the recipient by exactly one of 'toEmail' and 'toUserId'.", "toEmail"));
        }

        UserRecord? recipient;
        if (body.ToEmail is not null)
        {
            if (EmailAddresses.Normalize(body.ToEmail) is not { } email)
            {
                return Invalid(ApiProblem.BadRequest("invalid_field", "'toEmail' must be an email address.", "toEmail"));
            }

            recipient = await s.Users.FindByEmailAsync(email, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (body.ToUserId <= 0)
            {
                return Invalid(ApiProblem.BadRequest("invalid_field", "'toUserId' must be a positive user id.", "toUserId"));
            }

            recipient = await s.Users.FindAsync(body.ToUserId!.Value, cancellationToken).ConfigureAwait(false);
        }

        if (recipient is null)
        {
            return Invalid(ApiProblem.Result(StatusCodes.Status404NotFound, "recipient_not_found", "Not found.", "No user has that email or id."));
        }

        if (recipient.Id == userId)
        {
            return Invalid(ApiProblem.BadRequest("self_transfer", "Send to another user: the recipient is you.", body.ToEmail is null ? "toUserId" : "toEmail"));
        }

        if (body.Asset!.Length > 16 || s.Asset(body.Asset) is not { } asset)
        {
            return Invalid(ApiProblem.BadRequest("unknown_asset", "No listed asset has that code.", "asset"));
        }

        var parsed = DecimalUnits.TryParse(body.Amount, asset.Scale, out var amount);
        if (parsed == DecimalParseStatus.TooPrecise)
        {
            return Invalid(ApiProblem.BadRequest("invalid_precision", $"{asset.Code} has at most {asset.Scale} decimals.", "amount"));
        }

        if (parsed != DecimalParseStatus.Ok || amount <= 0)
        {
            return Invalid(ApiProblem.BadRequest("invalid_amount", "'amount' must be a positive decimal number, such as \"1.5\".", "amount"));
        }

        return (recipient, asset, amount, null);
    }

    private static (UserRecord?, AssetSpec?, long, IResult?) Invalid(IResult problem) => (null, null, 0, problem);

    private static bool IsReferenceChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-';

    /// <summary>The transfer this sender already made with this reference, read after the store caught up with the engine.</summary>
    private static async Task<(Activity? Earlier, IResult? Busy)> FindSentAsync(HttpContext context, WalletServices s, long userId, string reference)
    {
        if (!await s.History.CaughtUpAsync(ActivityPages.HistoryReadWait, context.RequestAborted).ConfigureAwait(false)
            || await s.History.ReadAsync((store, ct) => store.FindActivityAsync(userId, ActivityKind.TransferOut, reference, ct), context.RequestAborted)
                .ConfigureAwait(false) is not { Succeeded: true, Value: var earlier })
        {
            return (null, ActivityPages.Busy(context));
        }

        return (earlier, null);
    }

    /// <summary>A retry answers the first transfer (200); the same reference for a different transfer is refused (409).</summary>
    private static async Task<IResult> ReplayAsync(HttpContext context, WalletServices s, Activity earlier, long recipientId, int assetId, long amount)
    {
        if (earlier.CounterpartyId != recipientId || earlier.AssetId != assetId || earlier.Amount != amount)
        {
            return ApiProblem.Result(StatusCodes.Status409Conflict, "client_reference_in_use", "Conflict with the current state.",
                "Another transfer already used this clientReference.", new Dictionary<string, object?> { ["transferId"] = earlier.Sequence });
        }

        PlatformQuery.MarkReplayed(context);
        return Results.Json(ToTransfer(s, earlier, await s.CounterpartiesAsync([earlier], context.RequestAborted).ConfigureAwait(false)), PlatformJson.Options);
    }

    private static IResult Refused(RejectReason reason) => reason switch
    {
        RejectReason.InsufficientBalance => ApiProblem.Result(StatusCodes.Status409Conflict, "insufficient_balance", "Conflict with the current state.",
            "The available balance is less than the amount."),
        RejectReason.DuplicateReference => ApiProblem.Result(StatusCodes.Status409Conflict, "client_reference_in_use", "Conflict with the current state.",
            "Another transfer already used this clientReference."),
        RejectReason.SelfTransfer => ApiProblem.BadRequest("self_transfer", "Send to another user: the recipient is you."),
        RejectReason.InvalidUser => ApiProblem.Result(StatusCodes.Status404NotFound, "recipient_not_found", "Not found.", "No user has that email or id."),
        RejectReason.UnknownAsset => ApiProblem.BadRequest("unknown_asset", "No listed asset has that code.", "asset"),
        RejectReason.AccountRestricted => ApiProblem.Forbidden("account_restricted", "Withdrawals and transfers out are frozen on this account. Contact support."),
        RejectReason.AssetSuspended => ApiProblem.Result(StatusCodes.Status409Conflict, "asset_suspended", "Conflict with the current state.",
            "Withdrawals and transfers of this asset are suspended."),
        _ => ApiProblem.BadRequest("invalid_transfer", $"The transfer was refused ({reason})."),
    };

    /// <summary>Tells the recipient by email; the transfer itself is already in their history and GET /transfers.</summary>
    private static async Task NotifyAsync(WalletServices s, UserRecord recipient, AssetSpec asset, Event transfer, long senderId, UserRecord? senderUser)
    {
        var amount = DecimalUnits.FormatTrimmed(transfer.Amount, asset.Scale);
        var sender = senderUser is { } user ? MaskedEmail.Of(user.Email) : "another user";
        try
        {
            // Not cancelled with the request: the funds moved, so the recipient hears of it even if the sender left.
            await s.Outbox.EnqueueAsync(recipient.Email, $"You received {amount} {asset.Code}",
                $"You received {amount} {asset.Code} from {sender} (user {senderId.ToString(CultureInfo.InvariantCulture)}) on Bourse. "
                + $"Transfer id: {transfer.ReferenceId.ToString(CultureInfo.InvariantCulture)}. It is in your wallet history.", CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            // The funds moved; a recipient address the mailer cannot take must not turn that into an error.
            LogNotifyFailed(s.Logging.CreateLogger(typeof(TransfersApi)), recipient.Id, e.Message);
        }
    }

    private static async Task<IResult> List(HttpContext context, [AsParameters] WalletServices s)
    {
        var (limit, before, problem) = ActivityPages.ReadPaging(context);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        var query = new ActivityQuery(userId, limit) { Kinds = TransferKinds, BeforeSequence = before };
        if (!await s.History.CaughtUpAsync(ActivityPages.HistoryReadWait, context.RequestAborted).ConfigureAwait(false)
            || await s.History.ReadAsync((store, ct) => ActivityPages.ReadAsync(store, query, ct), context.RequestAborted).ConfigureAwait(false)
                is not { Succeeded: true, Value: var page })
        {
            return ActivityPages.Busy(context);
        }

        var counterparties = await s.CounterpartiesAsync(page.Rows, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new TransferPage([.. page.Rows.Select(a => ToTransfer(s, a, counterparties))], page.NextCursor), PlatformJson.Options);
    }

    private static async Task<IResult> Get(HttpContext context, string transferId, [AsParameters] WalletServices s)
    {
        if (!long.TryParse(transferId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id is < 1 or long.MaxValue)
        {
            return ApiProblem.BadRequest("invalid_parameter", "The transfer id must be a positive integer.", "transferId");
        }

        var (userId, _) = PlatformUser.Of(context);
        var query = new ActivityQuery(userId, 1) { Kinds = TransferKinds, BeforeSequence = id + 1 };
        if (!await s.History.CaughtUpAsync(ActivityPages.HistoryReadWait, context.RequestAborted).ConfigureAwait(false)
            || await s.History.ReadAsync((store, ct) => store.ActivitiesAsync(query, ct), context.RequestAborted).ConfigureAwait(false)
                is not { Succeeded: true, Value: var rows })
        {
            return ActivityPages.Busy(context);
        }

        return rows is [var found] && found.Sequence == id
            ? Results.Json(ToTransfer(s, found, await s.CounterpartiesAsync(rows, context.RequestAborted).ConfigureAwait(false)), PlatformJson.Options)
            : ApiProblem.NotFound("transfer");
    }

    private static PlatformTransfer ToTransfer(WalletServices s, Activity a, Dictionary<long, TransferCounterparty> counterparties)
    {
        var (asset, amount) = s.Format(a.AssetId, a.Amount);
        var sent = a.Kind == ActivityKind.TransferOut;
        return new PlatformTransfer
        {
            Id = a.Sequence,
            Direction = sent ? "out" : "in",
            Asset = asset,
            Amount = amount,
            Counterparty = counterparties.GetValueOrDefault(a.CounterpartyId) ?? new TransferCounterparty(a.CounterpartyId, null),
            ClientReference = sent ? a.Reference : null,
            Status = "completed",
            CreatedAt = a.Time,
        };
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Transfer notification to user {UserId} not queued: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, long userId, string reason);
}
