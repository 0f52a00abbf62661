using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.Server.Http;
using Bourse.Server.Identity;

namespace Bourse.Server.Admin;

/// <summary><c>/api/v1/admin</c>: for operators (accounts with an operator record and the permission each endpoint names) — query the audit log, set per-account 2FA policy.</summary>
public static class PlatformAdminApi
{
    public static void MapPlatformAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin")
            .RequireRateLimiting(PlatformRateLimits.Platform).AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        admin.MapGet("/audit", Audit).RequirePermission(OperatorPermission.AuditRead).Produces<AuditPageResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Security events of every user, newest first; filter by userId and type, page with 'before'.");
        admin.MapPut("/users/{userId:long}/two-factor-required", SetTwoFactorRequired).RequirePermission(OperatorPermission.UsersManage).Accepts<TwoFactorPolicyRequest>("application/json")
            .Produces(204).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Make 2FA mandatory (or optional again) for one account.");
    }

    private static async Task<IResult> Audit(HttpContext context, IAuditLog audit)
    {
        long? userId = null;
        if (context.Request.Query.TryGetValue("userId", out var userText))
        {
            if (!long.TryParse(userText, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return ApiProblem.BadRequest("invalid_parameter", "'userId' must be a positive integer.", "userId");
            }

            userId = value;
        }

        var type = context.Request.Query.TryGetValue("type", out var typeText) ? typeText.ToString() : null;
        if (type is { Length: 0 or > 64 })
        {
            return ApiProblem.BadRequest("invalid_parameter", "'type' must be an event type such as login_failed.", "type");
        }

        return await AuditPages.ReadAsync(context, audit, userId, type).ConfigureAwait(false);
    }

    private static async Task<IResult> SetTwoFactorRequired(HttpContext context, long userId, IUserStore users, IAuditLog audit, IOperatorAuditLog operatorAudit,
        TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<TwoFactorPolicyRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Required is not { } required)
        {
            return ApiProblem.BadRequest("missing_field", "The field 'required' (true or false) is required.", "required");
        }

        if (await users.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is not { } user)
        {
            return ApiProblem.NotFound("user");
        }

        if (!await users.SetTwoFactorRequiredAsync(userId, required, CancellationToken.None).ConfigureAwait(false))
        {
            return ApiProblem.NotFound("user");
        }

        await OperatorAccess.AuditAsync(context, operatorAudit, time, "user.twoFactorRequired", "user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $$"""{"required":{{(user.TwoFactorRequired ? "true" : "false")}}}""", $$"""{"required":{{(required ? "true" : "false")}}}""").ConfigureAwait(false);

        var (adminId, _) = PlatformUser.Of(context);
        var client = RequestClient.Of(context);
        await audit.AddAsync(userId, AuditTypes.TwoFactorPolicyChanged, client.Ip, client.UserAgent,
            $"required={(required ? "true" : "false")} by admin {adminId}", time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None).ConfigureAwait(false);
        return Results.NoContent();
    }
}
