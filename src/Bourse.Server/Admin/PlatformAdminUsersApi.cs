using System.Globalization;
using System.Text.Json;
using Bourse.Api.Binance;
using Bourse.Core.Model;
using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.Server.ApiKeys;
using Bourse.Server.Engine;
using Bourse.Server.History;
using Bourse.Server.Http;
using Bourse.Server.UserData;
using Bourse.Server.Views;
using Bourse.Store;
using Bourse.Trading;

namespace Bourse.Server.Admin;

/// <summary>
/// <c>/api/v1/admin/users</c>: support finds a user (by email, id or API key), reads their page, freezes and unfreezes
/// trading, withdrawals or sign-in with a reason, revokes sessions and API keys and forces a password reset. Every
/// change is in the operator audit log and, where the user should see it, in their own security log. A user's page is
/// bounded whatever their history: balances and open orders from the account views, the last
/// <see cref="PageRows"/> trades (one bounded query per market), sessions, keys and security events.
/// </summary>
public static class PlatformAdminUsersApi
{
    public const int MaxSearchLimit = 100;
    public const int PageRows = 50;
    public const int MaxReasonLength = 500;

    /// <summary>What the user endpoints use.</summary>
    public sealed record AdminUserServices(IUserStore Users, ISessionStore Sessions, IAuditLog SecurityLog, IOperatorAuditLog OperatorAudit,
        Accounts Accounts, PasswordChanges Passwords, ApiKeyStore Keys, ListenKeys ListenKeys, AccountViews Views, ReferenceDataView Reference,
        HistoryProjection History, EngineHost Host, TimeProvider Time)
    {
        public long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    public static void MapPlatformAdminUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/admin/users").WithTags("Admin")
            .RequireRateLimiting(PlatformRateLimits.Platform).AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        users.MapGet("/", Search).RequirePermission(OperatorPermission.UsersRead).Produces<AdminUserPage>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Find users by email (substring), user id or API key id, newest first; page with 'before' (a user id) and 'limit' (1–100, default 50).");
        users.MapGet("/{userId:long}", Detail).RequirePermission(OperatorPermission.UsersRead).Produces<AdminUserDetail>().ProducesProblem(401).ProducesProblem(403)
            .ProducesProblem(404).ProducesProblem(503)
            .WithSummary("A user's page: profile and 2FA, restrictions, balances, open orders, the last 50 trades, live sessions, API keys and the last 50 security events.");
        users.MapPut("/{userId:long}/restrictions", SetRestrictions).RequirePermission(OperatorPermission.UsersFreeze).Accepts<RestrictionsRequest>("application/json")
            .Produces<AdminRestrictionsView>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413).ProducesProblem(503)
            .WithSummary("Freeze or unfreeze trading, withdrawals and sign-in (the whole set, with a reason); optionally cancel every open order after the freeze.");
        users.MapPost("/{userId:long}/sessions/revoke", RevokeSessions).RequirePermission(OperatorPermission.UsersManage).Accepts<SessionRevokeRequest>("application/json")
            .Produces(204).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413)
            .WithSummary("Sign the user out of one session ('sessionId') or, without it, of every session.");
        users.MapPost("/{userId:long}/api-keys/revoke", RevokeApiKeys).RequirePermission(OperatorPermission.UsersManage).Accepts<ApiKeyRevokeRequest>("application/json")
            .Produces(204).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413)
            .WithSummary("Revoke one API key ('keyId') or, without it, every key of the user; their listenKeys and streams end.");
        users.MapPost("/{userId:long}/password-reset", ForcePasswordReset).RequirePermission(OperatorPermission.UsersManage)
            .Produces(204).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Force a password reset: every session ends, a reset link is emailed, sign-in is refused until it is used.");
    }

    private static async Task<IResult> Search(HttpContext context, [AsParameters] AdminUserServices s)
    {
        var (query, problem) = PlatformQuery.Text(context, "q");
        if (problem is not null)
        {
            return problem;
        }

        var (limit, before, pageProblem) = ReadPage(context);
        if (pageProblem is not null)
        {
            return pageProblem;
        }

        var found = await s.Users.SearchAsync(query?.Trim(), before, limit, context.RequestAborted).ConfigureAwait(false);
        var page = found.Select(u => new AdminUserSummary(u.Id, u.Email, u.EmailVerified, u.TotpEnabled, RestrictionsOf(s, u), u.CreatedAt)).ToList();
        return Results.Json(new AdminUserPage(page, found.Count == limit ? found[^1].Id : null), PlatformJson.Options);
    }

    private static async Task<IResult> Detail(HttpContext context, long userId, [AsParameters] AdminUserServices s)
    {
        if (await s.Users.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is not { } user)
        {
            return ApiProblem.NotFound("user");
        }

        var trades = await RecentTradesAsync(s, userId, context.RequestAborted).ConfigureAwait(false);
        if (trades is null)
        {
            return TradingProblems.Busy(context);
        }

        var (restrictions, feeTier) = s.Views.Standing(userId);
        var profile = new AdminUserProfile(user.Id, user.Email, user.EmailVerified, user.TotpEnabled, user.TwoFactorRequired, user.CreatedAt, feeTier);
        var restrictionsView = new AdminRestrictionsView(restrictions.HasFlag(AccountRestrictions.Trading), restrictions.HasFlag(AccountRestrictions.Withdrawals),
            user.LoginFrozen, user.RestrictionReason);
        var balances = s.Views.Balances(userId).Balances
            .Select(b => (Asset: s.Reference.FindAsset(b.Key), b.Value))
            .Where(b => b.Asset is not null)
            .OrderBy(b => b.Asset!.Code, StringComparer.Ordinal)
            .Select(b => new AdminBalance(b.Asset!.Code, DecimalUnits.Format(b.Value.Available, b.Asset.Scale), DecimalUnits.Format(b.Value.Locked, b.Asset.Scale),
                DecimalUnits.Format(b.Value.Staked, b.Asset.Scale)))
            .ToList();
        var openOrders = s.Views.OpenOrders(userId)
            .OrderByDescending(o => o.OrderId)
            .Take(PageRows * 10)
            .Select(o => (Order: OrderReports.Of(o.State, o.UpdateTime), Market: s.Reference.FindMarket(o.State.MarketId)?.ToBinance()))
            .Where(o => o.Market is not null)
            .Select(o => new AdminOpenOrder(o.Market!.Symbol, o.Order.OrderId, WireEnums.Side.NameOf(o.Order.Side), WireEnums.OrderType.NameOf(o.Order.Type),
                o.Market.FormatPrice(o.Order.Price), o.Market.FormatQuantity(o.Order.OriginalQuantity), o.Market.FormatQuantity(o.Order.ExecutedQuantity),
                WireEnums.OrderStatus.NameOf(o.Order.Status), o.Order.CreatedAt))
            .ToList();
        var sessions = (await s.Sessions.ForUserAsync(userId, PageRows, context.RequestAborted).ConfigureAwait(false))
            .Where(s.Accounts.IsLive)
            .Select(x => new AdminSession(x.Id, x.CreatedAt, x.LastSeenAt, x.Ip, x.UserAgent, x.SecondFactor))
            .ToList();
        var keys = (await s.Keys.HistoryAsync(userId, PageRows, context.RequestAborted).ConfigureAwait(false))
            .Select(k => new AdminApiKey(k.Key.Key, k.Key.Label, k.Key.Permissions, k.Key.CreatedAt.ToUnixTimeMilliseconds(), k.RevokedAt is not null))
            .ToList();
        var securityLog = (await s.SecurityLog.ReadAsync(userId, null, null, PageRows, context.RequestAborted).ConfigureAwait(false))
            .Select(e => new AdminSecurityEvent(e.Type, e.Time, e.Ip, e.Detail))
            .ToList();
        return Results.Json(new AdminUserDetail(profile, restrictionsView, balances, openOrders, trades, sessions, keys, securityLog), PlatformJson.Options);
    }

    private static async Task<IResult> SetRestrictions(HttpContext context, long userId, [AsParameters] AdminUserServices s)
    {
        var (body, problem) = await PlatformJson.ReadAsync<RestrictionsRequest>(context.Request, b => [("reason", b.Reason?.Trim())]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        foreach (var (name, value) in new[] { ("trading", body!.Trading), ("withdrawals", body.Withdrawals), ("login", body.Login) })
        {
            if (value is null)
            {
                return ApiProblem.BadRequest("missing_field", $"The field '{name}' (true or false) is required.", name);
            }
        }

        var reason = body.Reason!.Trim();
        if (reason.Length > MaxReasonLength || reason.Any(char.IsControl))
        {
            return ApiProblem.BadRequest("invalid_field", $"'reason' must be at most {MaxReasonLength} printable characters.", "reason");
        }

        if (await s.Users.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is not { } user)
        {
            return ApiProblem.NotFound("user");
        }

        var wanted = (body.Trading!.Value ? AccountRestrictions.Trading : AccountRestrictions.None)
            | (body.Withdrawals!.Value ? AccountRestrictions.Withdrawals : AccountRestrictions.None);
        var (operatorId, _) = PlatformUser.Of(context);
        var outcome = await UserFreezes.SetAsync(s, user, wanted, body.Login!.Value, reason, operatorId, body.CancelOpenOrders ?? false).ConfigureAwait(false);
        if (outcome.Busy)
        {
            return TradingProblems.Busy(context);
        }

        var after = new AdminRestrictionsView(body.Trading.Value, body.Withdrawals.Value, body.Login.Value, reason);
        await OperatorAccess.AuditAsync(context, s.OperatorAudit, s.Time, "user.restrictions", "user", Id(userId),
            Json(new { outcome.Before.Trading, outcome.Before.Withdrawals, outcome.Before.Login }),
            Json(new { after.Trading, after.Withdrawals, after.Login, canceledOrders = outcome.CanceledOrders }), reason).ConfigureAwait(false);
        var client = RequestClient.Of(context);
        await s.SecurityLog.AddAsync(userId, AuditTypes.AccountRestricted, client.Ip, client.UserAgent,
            $"by support: trading {Frozen(after.Trading)}, withdrawals {Frozen(after.Withdrawals)}, sign-in {Frozen(after.Login)}", s.Now, CancellationToken.None)
            .ConfigureAwait(false);
        return Results.Json(after, PlatformJson.Options);
    }

    private static async Task<IResult> RevokeSessions(HttpContext context, long userId, [AsParameters] AdminUserServices s)
    {
        var (body, problem) = await ReadOptionalAsync<SessionRevokeRequest>(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body?.SessionId is { Length: 0 or > 64 })
        {
            return ApiProblem.BadRequest("invalid_field", "'sessionId' must be a session id from the user's page.", "sessionId");
        }

        if (await s.Users.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return ApiProblem.NotFound("user");
        }

        string detail;
        if (body?.SessionId is { } sessionId)
        {
            if (!await s.Sessions.RevokeAsync(userId, sessionId, "revoked_by_support", s.Now, CancellationToken.None).ConfigureAwait(false))
            {
                return ApiProblem.NotFound("live session of this user");
            }

            s.ListenKeys.EndSession(sessionId);
            detail = $"session {sessionId}";
        }
        else
        {
            var ended = await UserFreezes.EndSessionsAsync(s, userId, "revoked_by_support").ConfigureAwait(false);
            detail = $"{ended} sessions";
        }

        await OperatorAccess.AuditAsync(context, s.OperatorAudit, s.Time, "user.sessions.revoke", "user", Id(userId), null,
            Json(new { revoked = detail })).ConfigureAwait(false);
        var client = RequestClient.Of(context);
        await s.SecurityLog.AddAsync(userId, AuditTypes.SessionsRevokedBySupport, client.Ip, client.UserAgent, $"by support: {detail}", s.Now, CancellationToken.None)
            .ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeApiKeys(HttpContext context, long userId, [AsParameters] AdminUserServices s)
    {
        var (body, problem) = await ReadOptionalAsync<ApiKeyRevokeRequest>(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body?.KeyId is { Length: 0 or > 128 })
        {
            return ApiProblem.BadRequest("invalid_field", "'keyId' must be an API key id from the user's page.", "keyId");
        }

        if (await s.Users.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return ApiProblem.NotFound("user");
        }

        string detail;
        if (body?.KeyId is { } keyId)
        {
            if (!await s.Keys.RevokeAsync(userId, keyId, CancellationToken.None).ConfigureAwait(false))
            {
                return ApiProblem.NotFound("active API key of this user");
            }

            detail = $"key {keyId}";
        }
        else
        {
            detail = $"{await s.Keys.RevokeAllAsync(userId, CancellationToken.None).ConfigureAwait(false)} keys";
        }

        await OperatorAccess.AuditAsync(context, s.OperatorAudit, s.Time, "user.api-keys.revoke", "user", Id(userId), null,
            Json(new { revoked = detail })).ConfigureAwait(false);
        var client = RequestClient.Of(context);
        await s.SecurityLog.AddAsync(userId, AuditTypes.ApiKeysRevokedBySupport, client.Ip, client.UserAgent, $"by support: {detail}", s.Now, CancellationToken.None)
            .ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> ForcePasswordReset(HttpContext context, long userId, [AsParameters] AdminUserServices s)
    {
        var live = await UserFreezes.LiveSessionsAsync(s, userId).ConfigureAwait(false);
        if (!await s.Passwords.ForceResetAsync(userId, RequestClient.Of(context)).ConfigureAwait(false))
        {
            return ApiProblem.NotFound("user");
        }

        foreach (var sessionId in live)
        {
            s.ListenKeys.EndSession(sessionId);
        }

        await OperatorAccess.AuditAsync(context, s.OperatorAudit, s.Time, "user.password-reset", "user", Id(userId), null,
            Json(new { passwordResetRequired = true, sessionsEnded = live.Count })).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>
    /// The last <see cref="PageRows"/> trades across markets: the newest <see cref="PageRows"/> of each market the
    /// exchange lists (each an indexed query), merged. Null when the history store could not answer.
    /// </summary>
    private static async Task<List<AdminTrade>?> RecentTradesAsync(AdminUserServices s, long userId, CancellationToken cancellationToken)
    {
        var all = new List<(StoredFill Fill, BinanceMarket Market)>();
        foreach (var market in s.Reference.Markets)
        {
            var read = await s.History.ReadAsync((store, ct) => store.FillsAsync(new HistoryQuery(userId, market.Spec.Id, PageRows), ct), cancellationToken)
                .ConfigureAwait(false);
            if (!read.Succeeded)
            {
                return null;
            }

            var binance = market.ToBinance();
            all.AddRange(read.Value.Select(f => (f, binance)));
        }

        return
        [
            .. all.OrderByDescending(t => t.Fill.Sequence).ThenByDescending(t => t.Fill.TradeId).Take(PageRows).Select(t => new AdminTrade(t.Market.Symbol,
                t.Fill.TradeId, t.Fill.OrderId, t.Fill.Side == Side.Buy ? "BUY" : "SELL", t.Market.FormatPrice(t.Fill.Price), t.Market.FormatQuantity(t.Fill.Quantity),
                t.Market.FormatAmount(t.Fill.CommissionAssetId, t.Fill.Commission), t.Market.AssetOf(t.Fill.CommissionAssetId).Code, t.Fill.Time)),
        ];
    }

    private static AdminUserRestrictions RestrictionsOf(AdminUserServices s, UserRecord user)
    {
        var restrictions = s.Views.Standing(user.Id).Restrictions;
        return new(restrictions.HasFlag(AccountRestrictions.Trading), restrictions.HasFlag(AccountRestrictions.Withdrawals), user.LoginFrozen);
    }

    private static (int Limit, long? Before, IResult? Problem) ReadPage(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = PageRows;
        if (query.TryGetValue("limit", out var limitText)
            && (limitText.Count != 1 || !int.TryParse(limitText[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxSearchLimit))
        {
            return (0, null, ApiProblem.BadRequest("invalid_parameter", $"'limit' must be an integer from 1 to {MaxSearchLimit}.", "limit"));
        }

        if (!query.TryGetValue("before", out var beforeText))
        {
            return (limit, null, null);
        }

        if (beforeText.Count != 1 || !long.TryParse(beforeText[0], NumberStyles.None, CultureInfo.InvariantCulture, out var before) || before < 1)
        {
            return (0, null, ApiProblem.BadRequest("invalid_parameter", "'before' must be a user id (the 'next' of the previous page).", "before"));
        }

        return (limit, before, null);
    }

    /// <summary>A body that may be left out entirely (no body means "all"); when sent it must be a valid object.</summary>
    private static async Task<(T? Value, IResult? Problem)> ReadOptionalAsync<T>(HttpContext context)
        where T : class
    {
        var request = context.Request;
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return (null, null);
        }

        return await PlatformJson.ReadAsync<T>(request).ConfigureAwait(false);
    }

    private static string Id(long userId) => userId.ToString(CultureInfo.InvariantCulture);

    private static string Frozen(bool frozen) => frozen ? "frozen" : "open";

    private static string Json(object value) => JsonSerializer.Serialize(value, PlatformJson.Options);
}
