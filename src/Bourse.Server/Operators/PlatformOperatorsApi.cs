using System.Globalization;
using System.Text.Json;
using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.Server.Http;

namespace Bourse.Server.Operators;

/// <summary>
/// <c>/api/v1/admin</c>: the signed-in operator (<c>/me</c>), operator accounts and roles, and the operator audit log
/// (search and chain verification); <c>/api/v1/auth/operator-setup</c>: a new operator's password from its setup link.
/// </summary>
public static class PlatformOperatorsApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public static void MapPlatformOperatorsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin")
            .RequireRateLimiting(PlatformRateLimits.Platform).AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        admin.MapGet("/me", Me).RequirePermission(OperatorPermission.DashboardRead)
            .Produces<OperatorMeResponse>().ProducesProblem(401).ProducesProblem(403)
            .WithSummary("The signed-in operator: roles and the permissions they grant.");
        admin.MapGet("/operators", List).RequirePermission(OperatorPermission.OperatorsManage)
            .Produces<OperatorResponse[]>().ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Every operator account, disabled ones included.");
        admin.MapPost("/operators", Create).RequirePermission(OperatorPermission.OperatorsManage).Accepts<CreateOperatorRequest>("application/json")
            .Produces<CreatedOperatorResponse>(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Make an email an operator with roles (the account is created if missing); answers a one-time setup link (24 h).");
        admin.MapPut("/operators/{userId:long}/roles", SetRoles).RequirePermission(OperatorPermission.OperatorsManage).Accepts<OperatorRolesRequest>("application/json")
            .Produces<OperatorResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Replace an operator's roles; its sessions end. The last admin keeps the admin role.");
        admin.MapPost("/operators/{userId:long}/disable", Disable).RequirePermission(OperatorPermission.OperatorsManage)
            .Produces(204).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Disable an operator: its roles are no longer granted and its sessions end. The last admin cannot be disabled.");
        admin.MapGet("/operator-audit", Search).RequirePermission(OperatorPermission.AuditRead)
            .Produces<OperatorAuditPageResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Operator actions, newest first; filter by operatorId, action, targetType, targetId; page with 'before' (the previous page's 'next').");
        admin.MapGet("/operator-audit/verify", Verify).RequirePermission(OperatorPermission.AuditRead)
            // It reads and hashes the whole log: one at a time per operator, bounded server-wide.
            .LimitedAsExpensiveRead("admin.operator-audit-verify")
            .Produces<OperatorAuditVerifyResponse>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503)
            .WithSummary("Walk the operator audit log's hash chain; reports the first broken link.");
        app.MapPost("/api/v1/auth/operator-setup", SetUp).WithTags("Auth").RequireRateLimiting(PlatformRateLimits.Auth)
            .Accepts<OperatorSetupRequest>("application/json").Produces(204).ProducesProblem(400).ProducesProblem(429)
            .WithSummary("Set a new operator's password with the token of its setup link; then sign in and enroll 2FA.");
    }

    /// <summary>Where setup links point: <c>Bourse:PublicUrl</c>, else <c>Bourse:Identity:PublicUrl</c>.</summary>
    public static string LinkBase(IConfiguration configuration, IdentityOptions identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return PublicUrl.From(configuration).Address?.AbsoluteUri.TrimEnd('/') ?? identity.PublicUrl;
    }

    private static async Task<IResult> Me(HttpContext context, Accounts accounts)
    {
        var (userId, _) = PlatformUser.Of(context);
        var user = await accounts.FindAsync(userId, context.RequestAborted).ConfigureAwait(false);
        var roles = OperatorAccess.RolesOf(context.User);
        var permissions = Enum.GetValues<OperatorPermission>().Where(p => OperatorPermissions.Grants(roles, p))
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.ToString())).ToList();
        return Results.Json(new OperatorMeResponse(userId, user?.Email ?? string.Empty, roles, permissions), PlatformJson.Options);
    }

    private static async Task<IResult> List(HttpContext context, OperatorAccounts operators)
    {
        var list = await operators.ListAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Json(list.Select(Response).ToList(), PlatformJson.Options);
    }

    private static async Task<IResult> Create(HttpContext context, OperatorAccounts operators, IOperatorAuditLog audit, TimeProvider time,
        IConfiguration configuration, IdentityOptions identity)
    {
        var (body, problem) = await PlatformJson.ReadAsync<CreateOperatorRequest>(context.Request, b => [("email", b.Email)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Roles is null)
        {
            return ApiProblem.BadRequest("missing_field", "The field 'roles' is required.", "roles");
        }

        var (adminId, _) = PlatformUser.Of(context);
        var created = await operators.CreateAsync(body.Email, body.Roles, adminId, LinkBase(configuration, identity), RequestClient.Of(context)).ConfigureAwait(false);
        if (created.Error is { } error)
        {
            return PlatformJson.Problem(context, error);
        }

        var value = created.Value!;
        await OperatorAccess.AuditAsync(context, audit, time, "operator.create", "operator", Id(value.UserId),
            after: Json(new { email = value.Email, roles = value.Roles })).ConfigureAwait(false);
        return Results.Json(new CreatedOperatorResponse(value.UserId, value.Email, value.Roles, value.SetupLink), PlatformJson.Options, statusCode: 201);
    }

    private static async Task<IResult> SetRoles(HttpContext context, long userId, OperatorAccounts operators, IOperatorAuditLog audit, TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<OperatorRolesRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Roles is null)
        {
            return ApiProblem.BadRequest("missing_field", "The field 'roles' is required.", "roles");
        }

        var before = await operators.FindAsync(userId, CancellationToken.None).ConfigureAwait(false);
        var changed = await operators.SetRolesAsync(userId, body.Roles, RequestClient.Of(context)).ConfigureAwait(false);
        if (changed.Error is { } error)
        {
            return error == IdentityError.NotFound ? ApiProblem.NotFound("operator") : PlatformJson.Problem(context, error);
        }

        await OperatorAccess.AuditAsync(context, audit, time, "operator.roles", "operator", Id(userId),
            before: Json(new { roles = before?.Roles ?? [] }), after: Json(new { roles = changed.Value!.Record.Roles })).ConfigureAwait(false);
        return Results.Json(Response(changed.Value), PlatformJson.Options);
    }

    private static async Task<IResult> Disable(HttpContext context, long userId, OperatorAccounts operators, IOperatorAuditLog audit, TimeProvider time)
    {
        var before = await operators.FindAsync(userId, CancellationToken.None).ConfigureAwait(false);
        var disabled = await operators.DisableAsync(userId, RequestClient.Of(context)).ConfigureAwait(false);
        if (disabled.Error is { } error)
        {
            return error == IdentityError.NotFound ? ApiProblem.NotFound("operator") : PlatformJson.Problem(context, error);
        }

        await OperatorAccess.AuditAsync(context, audit, time, "operator.disable", "operator", Id(userId),
            before: Json(new { roles = before?.Roles ?? [], disabled = false }), after: Json(new { roles = before?.Roles ?? [], disabled = true })).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> SetUp(HttpContext context, OperatorAccounts operators)
    {
        var (body, problem) = await PlatformJson.ReadAsync<OperatorSetupRequest>(context.Request, b => [("token", b.Token), ("password", b.Password)])
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await operators.SetUpAsync(body!.Token, body.Password, RequestClient.Of(context)).ConfigureAwait(false);
        return outcome.Error is { } error ? PlatformJson.Problem(context, error) : Results.NoContent();
    }

    private static async Task<IResult> Search(HttpContext context, IOperatorAuditTrail trail)
    {
        var query = context.Request.Query;
        long? operatorId = null, before = null;
        var limit = DefaultLimit;
        if (query.TryGetValue("operatorId", out var operatorText))
        {
            if (!long.TryParse(operatorText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                return ApiProblem.BadRequest("invalid_parameter", "'operatorId' must be a user id.", "operatorId");
            }

            operatorId = value;
        }

        if (query.TryGetValue("before", out var beforeText))
        {
            if (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return ApiProblem.BadRequest("invalid_parameter", "'before' must be an entry id (the previous page's 'next').", "before");
            }

            before = value;
        }

        if (query.TryGetValue("limit", out var limitText) &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return ApiProblem.BadRequest("invalid_parameter", $"'limit' must be between 1 and {MaxLimit}.", "limit");
        }

        string? Text(string name) => query.TryGetValue(name, out var v) && v.ToString() is { Length: > 0 } s ? s : null;
        var (action, targetType, targetId) = (Text("action"), Text("targetType"), Text("targetId"));
        foreach (var (name, value) in new[] { ("action", action), ("targetType", targetType), ("targetId", targetId) })
        {
            if (value is { Length: > 128 })
            {
                return ApiProblem.BadRequest("invalid_parameter", $"'{name}' is too long.", name);
            }
        }

        var entries = await trail.SearchAsync(new OperatorAuditQuery(operatorId, action, targetType, targetId, before, limit), context.RequestAborted)
            .ConfigureAwait(false);
        var page = entries.Select(e => new OperatorAuditEntryResponse(e.Id, e.Action.OperatorId,
            e.Action.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), e.Action.Action, e.Action.TargetType, e.Action.TargetId, e.Action.Before,
            e.Action.After, e.Action.Reason, e.Action.Ip, e.Action.Time, e.Hash)).ToList();
        return Results.Json(new OperatorAuditPageResponse(page, page.Count == limit ? page[^1].Id : null), PlatformJson.Options);
    }

    private static async Task<IResult> Verify(HttpContext context, IOperatorAuditTrail trail)
    {
        var result = await trail.VerifyAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new OperatorAuditVerifyResponse(result.Intact, result.Entries, result.FirstBrokenId, result.Detail), PlatformJson.Options);
    }

    private static OperatorResponse Response(OperatorAccount account) =>
        new(account.Record.UserId, account.Email, account.Record.Roles, !account.Record.Active, account.Record.CreatedAt);

    private static string Id(long userId) => userId.ToString(CultureInfo.InvariantCulture);

    private static string Json(object value) => JsonSerializer.Serialize(value, PlatformJson.Options);
}
