using Bourse.Identity;
using Bourse.Server.Http;
using Bourse.Server.UserData;

namespace Bourse.Server.Identity;

/// <summary><c>/api/v1/auth</c>: sign-up, email verification, sign-in, token refresh, sign-out, forgot / reset password.</summary>
public static class PlatformAuthApi
{
    public static void MapPlatformAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth").RequireRateLimiting(PlatformRateLimits.Auth);
        auth.MapPost("/signup", SignUp).Accepts<SignUpRequest>("application/json").Produces<AcceptedResponse>(202)
            .ProducesProblem(400).ProducesProblem(429).WithSummary("Create an account; a verification link is emailed.");
        auth.MapPost("/verify-email", VerifyEmail).Accepts<TokenRequest>("application/json").Produces(204)
            .ProducesProblem(400).ProducesProblem(429).WithSummary("Confirm the email address with the emailed token.");
        auth.MapPost("/login", Login).Accepts<LoginRequest>("application/json").Produces<TokenResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429)
            .WithSummary("Sign in; with 2FA on, include the code. 403 account_frozen or password_reset_required when support froze sign-in or asked for a new password.");
        auth.MapPost("/refresh", Refresh).Accepts<RefreshRequest>("application/json").Produces<TokenResponse>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429)
            .WithSummary("Swap a refresh token for a new token pair (the old one stops working); 403 account_frozen when support froze sign-in.");
        auth.MapPost("/forgot-password", Forgot).Accepts<EmailRequest>("application/json").Produces<AcceptedResponse>(202)
            .ProducesProblem(400).ProducesProblem(429).WithSummary("Email a password-reset link if the address has an account.");
        auth.MapPost("/reset-password", Reset).Accepts<ResetPasswordRequest>("application/json").Produces(204)
            .ProducesProblem(400).ProducesProblem(429).WithSummary("Set a new password with the emailed token; every session ends.");
        app.MapPost("/api/v1/auth/logout", Logout).WithTags("Auth").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .Produces(204).ProducesProblem(401).WithSummary("Sign out: revoke this session.");
        app.MapPost("/api/v1/auth/resend-verification", Resend).WithTags("Auth").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Auth)
            .Produces<AcceptedResponse>(202).ProducesProblem(401).WithSummary("Email a fresh verification link.");
    }

    private static async Task<IResult> SignUp(HttpContext context, Accounts accounts)
    {
        var (body, problem) = await PlatformJson.ReadAsync<SignUpRequest>(context.Request, b => [("email", b.Email), ("password", b.Password)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await accounts.SignUpAsync(body!.Email, body.Password, RequestClient.Of(context)).ConfigureAwait(false);
        return outcome.Error is { } error
            ? PlatformJson.Problem(context, error)
            : Results.Json(new AcceptedResponse("verification_email_sent"), PlatformJson.Options, statusCode: 202);
    }

    private static async Task<IResult> VerifyEmail(HttpContext context, Accounts accounts)
    {
        var (body, problem) = await PlatformJson.ReadAsync<TokenRequest>(context.Request, b => [("token", b.Token)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await accounts.VerifyEmailAsync(body!.Token, RequestClient.Of(context)).ConfigureAwait(false);
        return outcome.Error is { } error ? PlatformJson.Problem(context, error) : Results.NoContent();
    }

    private static async Task<IResult> Login(HttpContext context, Accounts accounts)
    {
        var (body, problem) = await PlatformJson.ReadAsync<LoginRequest>(context.Request, b => [("email", b.Email), ("password", b.Password)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return Tokens(context, await accounts.LoginAsync(body!.Email, body.Password, body.Code, RequestClient.Of(context)).ConfigureAwait(false));
    }

    private static async Task<IResult> Refresh(HttpContext context, Accounts accounts)
    {
        var (body, problem) = await PlatformJson.ReadAsync<RefreshRequest>(context.Request, b => [("refreshToken", b.RefreshToken)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return Tokens(context, await accounts.RefreshAsync(body!.RefreshToken, RequestClient.Of(context)).ConfigureAwait(false));
    }

    private static async Task<IResult> Forgot(HttpContext context, PasswordChanges changes, IdentityWork work)
    {
        var (body, problem) = await PlatformJson.ReadAsync<EmailRequest>(context.Request, b => [("email", b.Email)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (EmailAddresses.Normalize(body!.Email) is null)
        {
            return PlatformJson.Problem(context, IdentityError.InvalidEmail);
        }

        var client = RequestClient.Of(context);
        work.Enqueue(stopping => changes.ForgotAsync(body.Email, client, stopping));
        return Results.Json(new AcceptedResponse("reset_email_sent_if_registered"), PlatformJson.Options, statusCode: 202);
    }

    private static async Task<IResult> Reset(HttpContext context, PasswordChanges changes)
    {
        var (body, problem) = await PlatformJson.ReadAsync<ResetPasswordRequest>(context.Request, b => [("token", b.Token), ("password", b.Password)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await changes.ResetAsync(body!.Token, body.Password, RequestClient.Of(context), context.RequestAborted).ConfigureAwait(false);
        return outcome.Error is { } error ? PlatformJson.Problem(context, error) : Results.NoContent();
    }

    private static async Task<IResult> Logout(HttpContext context, Accounts accounts, ListenKeys listenKeys)
    {
        var (userId, sessionId) = PlatformUser.Of(context);
        await accounts.LogoutAsync(userId, sessionId, RequestClient.Of(context)).ConfigureAwait(false);
        listenKeys.EndSession(sessionId);
        return Results.NoContent();
    }

    private static async Task<IResult> Resend(HttpContext context, Accounts accounts)
    {
        var (userId, _) = PlatformUser.Of(context);
        var outcome = await accounts.ResendVerificationAsync(userId, context.RequestAborted).ConfigureAwait(false);
        return outcome.Error is { } error
            ? PlatformJson.Problem(context, error)
            : Results.Json(new AcceptedResponse("verification_email_sent"), PlatformJson.Options, statusCode: 202);
    }

    private static IResult Tokens(HttpContext context, Outcome<SignedIn> outcome)
    {
        if (outcome.Error is { } error)
        {
            return PlatformJson.Problem(context, error);
        }

        var signedIn = outcome.Value!;
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new TokenResponse(signedIn.AccessToken, "Bearer",
            (long)(signedIn.AccessTokenExpiresAt - DateTimeOffset.UtcNow).TotalSeconds, signedIn.RefreshToken, signedIn.SessionId,
            signedIn.UserId, signedIn.TwoFactorSetupRequired), PlatformJson.Options);
    }
}
