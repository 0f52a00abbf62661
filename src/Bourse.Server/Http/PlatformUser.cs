using Bourse.Identity;

namespace Bourse.Server.Http;

/// <summary>The signed-in user and session of an authorized /api/v1 request (authentication already validated both).</summary>
public static class PlatformUser
{
    public static (long UserId, string SessionId) Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (AccessTokens.UserId(context.User) ?? throw new InvalidOperationException("The endpoint must require authorization."),
            AccessTokens.SessionId(context.User) ?? throw new InvalidOperationException("The endpoint must require authorization."));
    }

    /// <summary>
    /// An endpoint filter that holds back everything but 2FA enrollment while the account must enroll first
    /// (operator policy): the token says so until the user enables 2FA and refreshes.
    /// </summary>
    public static async ValueTask<object?> RequireTwoFactorSetupDone(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HttpContext.User.HasClaim(c => c.Type == AccessTokens.SetupRequiredClaim))
        {
            return ApiProblem.Forbidden("two_factor_setup_required", "This account must turn on two-factor authentication first (POST /api/v1/account/2fa/enroll).");
        }

        return await next(context).ConfigureAwait(false);
    }
}
