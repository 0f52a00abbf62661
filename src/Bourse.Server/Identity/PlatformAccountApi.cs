using Bourse.Identity;
using Bourse.Server.Http;
using Bourse.Server.UserData;

namespace Bourse.Server.Identity;

/// <summary><c>/api/v1/account</c> and <c>/api/v1/sessions</c>: profile, password, 2FA, sessions and the security log.</summary>
public static class PlatformAccountApi
{
    public static void MapPlatformAccountApi(this IEndpointRouteBuilder app)
    {
        // Reachable while 2FA enrollment is still owed: the profile and the enrollment itself.
        var setup = app.MapGroup("/api/v1/account").WithTags("Account").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform);
        setup.MapGet("/", Profile).Produces<ProfileResponse>().ProducesProblem(401).WithSummary("The signed-in user's profile.");
        setup.MapGet("/2fa", TwoFactorStatus).Produces<TwoFactorStatusResponse>().ProducesProblem(401).WithSummary("Whether 2FA is on and required, and recovery codes left.");
        setup.MapPost("/2fa/enroll", Enroll).Produces<TwoFactorEnrollmentResponse>().ProducesProblem(401).ProducesProblem(409)
            .WithSummary("Start 2FA enrollment: a new secret, its otpauth URI and a QR code.");
        setup.MapPost("/2fa/confirm", Confirm).Accepts<ConfirmTwoFactorRequest>("application/json").Produces<RecoveryCodesResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(409).ProducesProblem(429)
            .WithSummary("Turn 2FA on with a first code and the password; other sessions end; returns recovery codes once.");

        var account = app.MapGroup("/api/v1/account").WithTags("Account").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        account.MapPost("/2fa/disable", Disable).Accepts<CodeRequest>("application/json").Produces(204)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).WithSummary("Turn 2FA off (needs a code).");
        account.MapPost("/2fa/recovery-codes", Regenerate).Accepts<CodeRequest>("application/json").Produces<RecoveryCodesResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(409).WithSummary("Replace the recovery codes (needs a code).");
        account.MapPost("/password", ChangePassword).Accepts<ChangePasswordRequest>("application/json").Produces(204)
            .ProducesProblem(400).ProducesProblem(401).WithSummary("Change the password; other sessions end.");
        account.MapGet("/security-log", SecurityLog).Produces<AuditPageResponse>().ProducesProblem(400).ProducesProblem(401)
            .WithSummary("The user's security events, newest first; page with 'before'.");

        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Sessions").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        sessions.MapGet("/", Sessions).Produces<IReadOnlyList<SessionResponse>>().ProducesProblem(401).WithSummary("The user's sessions (devices), newest first.");
        sessions.MapDelete("/{sessionId}", RevokeSession).Produces(204).ProducesProblem(401).ProducesProblem(404).WithSummary("Revoke one of the user's sessions.");
    }

    private static async Task<IResult> Profile(HttpContext context, Accounts accounts, SecondFactor secondFactor)
    {
        var (userId, _) = PlatformUser.Of(context);
        if (await accounts.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is not { } user)
        {
            return ApiProblem.NotFound("user");
        }

        return Results.Json(new ProfileResponse(user.Id, user.Email, user.EmailVerified, user.TotpEnabled, secondFactor.IsRequired(user),
            await accounts.IsOperatorAsync(user.Id, context.RequestAborted).ConfigureAwait(false), user.CreatedAt), PlatformJson.Options);
    }

    private static async Task<IResult> TwoFactorStatus(HttpContext context, Accounts accounts, SecondFactor secondFactor, IRecoveryCodeStore recoveryCodes)
    {
        var (userId, _) = PlatformUser.Of(context);
        if (await accounts.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is not { } user)
        {
            return ApiProblem.NotFound("user");
        }

        return Results.Json(new TwoFactorStatusResponse(user.TotpEnabled, secondFactor.IsRequired(user),
            user.TotpEnabled ? await recoveryCodes.RemainingAsync(userId, context.RequestAborted).ConfigureAwait(false) : 0), PlatformJson.Options);
    }

    private static async Task<IResult> Enroll(HttpContext context, SecondFactor secondFactor)
    {
        var (userId, _) = PlatformUser.Of(context);
        var outcome = await secondFactor.BeginAsync(userId, RequestClient.Of(context), context.RequestAborted).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            return PlatformJson.Problem(context, error);
        }

        context.Response.Headers.CacheControl = "no-store";
        var enrollment = outcome.Value!;
        return Results.Json(new TwoFactorEnrollmentResponse(enrollment.Secret, enrollment.OtpauthUri, enrollment.QrSvg), PlatformJson.Options);
    }

    private static async Task<IResult> Confirm(HttpContext context, SecondFactor secondFactor)
    {
        var (body, problem) = await PlatformJson.ReadAsync<ConfirmTwoFactorRequest>(context.Request, b => [("code", b.Code), ("password", b.Password)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, sessionId) = PlatformUser.Of(context);
        return Codes(context, await secondFactor.ConfirmAsync(userId, sessionId, body!.Code, body.Password, RequestClient.Of(context),
            context.RequestAborted).ConfigureAwait(false));
    }

    private static Task<IResult> Regenerate(HttpContext context, SecondFactor secondFactor) =>
        WithCode(context, async (userId, code, client) =>
            Codes(context, await secondFactor.RegenerateRecoveryCodesAsync(userId, code, client, context.RequestAborted).ConfigureAwait(false)));

    private static Task<IResult> Disable(HttpContext context, SecondFactor secondFactor) =>
        WithCode(context, async (userId, code, client) =>
            (await secondFactor.DisableAsync(userId, code, client, context.RequestAborted).ConfigureAwait(false)).Error is { } error
            ? PlatformJson.Problem(context, error)
            : Results.NoContent());

    private static async Task<IResult> ChangePassword(HttpContext context, PasswordChanges changes)
    {
        var (body, problem) = await PlatformJson.ReadAsync<ChangePasswordRequest>(context.Request, b => [("currentPassword", b.CurrentPassword), ("newPassword", b.NewPassword)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, sessionId) = PlatformUser.Of(context);
        var outcome = await changes.ChangeAsync(userId, sessionId, body!.CurrentPassword, body.NewPassword, body.Code, RequestClient.Of(context),
            context.RequestAborted).ConfigureAwait(false);
        return outcome.Error is { } error ? PlatformJson.Problem(context, error) : Results.NoContent();
    }

    private static Task<IResult> SecurityLog(HttpContext context, IAuditLog audit)
    {
        var (userId, _) = PlatformUser.Of(context);
        return AuditPages.ReadAsync(context, audit, userId, null);
    }

    private static async Task<IResult> Sessions(HttpContext context, Accounts accounts)
    {
        var (userId, sessionId) = PlatformUser.Of(context);
        var sessions = (await accounts.SessionsAsync(userId, context.RequestAborted).ConfigureAwait(false)).Select(s => new SessionResponse(s.Id, s.CreatedAt, s.LastSeenAt, s.Ip, s.UserAgent,
            s.Id == sessionId, accounts.IsLive(s), s.RevokedAt, s.RevokeReason)).ToList();
        return Results.Json(sessions, PlatformJson.Options);
    }

    private static async Task<IResult> RevokeSession(HttpContext context, string sessionId, Accounts accounts, ListenKeys listenKeys)
    {
        var (userId, _) = PlatformUser.Of(context);
        var outcome = await accounts.RevokeSessionAsync(userId, sessionId, RequestClient.Of(context)).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            return PlatformJson.Problem(context, error);
        }

        // Only reached for the caller's own session id, so this never ends another user's stream.
        listenKeys.EndSession(sessionId);
        return Results.NoContent();
    }

    private static async Task<IResult> WithCode(HttpContext context, Func<long, string?, ClientInfo, Task<IResult>> handle)
    {
        var (body, problem) = await PlatformJson.ReadAsync<CodeRequest>(context.Request, b => [("code", b.Code)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (userId, _) = PlatformUser.Of(context);
        return await handle(userId, body!.Code, RequestClient.Of(context)).ConfigureAwait(false);
    }

    private static IResult Codes(HttpContext context, Outcome<IReadOnlyList<string>> outcome)
    {
        if (outcome.Error is { } error)
        {
            return PlatformJson.Problem(context, error);
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new RecoveryCodesResponse(outcome.Value!), PlatformJson.Options);
    }
}
