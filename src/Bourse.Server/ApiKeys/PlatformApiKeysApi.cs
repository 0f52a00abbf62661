using Bourse.Identity;
using Bourse.Server.Http;

namespace Bourse.Server.ApiKeys;

/// <summary>
/// <c>/api/v1/api-keys</c>: the keys <c>/api/v3</c> and <c>/ws-api/v3</c> accept. Creating one needs a verified email
/// and, when 2FA is on, a code; the secret is returned once. Another user's key answers 404 like an unknown one.
/// </summary>
public static class PlatformApiKeysApi
{
    public static void MapPlatformApiKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/api-keys").WithTags("API keys").RequireAuthorization().RequireRateLimiting(PlatformRateLimits.Platform)
            .AddEndpointFilter(PlatformUser.RequireTwoFactorSetupDone);
        keys.MapGet("/", List).Produces<IReadOnlyList<ApiKeyResponse>>().ProducesProblem(401).WithSummary("The user's active API keys (never their secrets).");
        keys.MapPost("/", Create).Accepts<CreateApiKeyRequest>("application/json").Produces<CreatedApiKeyResponse>(201)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).WithSummary("Create an API key; the secret is shown only in this response.");
        keys.MapDelete("/{apiKey}", Revoke).Produces(204).ProducesProblem(401).ProducesProblem(404)
            .WithSummary("Revoke an API key: it stops working at once and its user-data streams close.");
    }

    private static async Task<IResult> List(HttpContext context, ApiKeyStore store)
    {
        var (userId, _) = PlatformUser.Of(context);
        var keys = await store.ListAsync(userId, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(keys.Select(k => new ApiKeyResponse(k.Key, k.Label, k.Permissions, k.IpAllowList, k.CreatedAt.ToUnixTimeMilliseconds())).ToList(),
            PlatformJson.Options);
    }

    private static async Task<IResult> Create(HttpContext context, ApiKeyStore store, Accounts accounts, SecondFactor secondFactor, IAuditLog audit,
        TimeProvider time)
    {
        var (body, problem) = await PlatformJson.ReadAsync<CreateApiKeyRequest>(context.Request, b => [("label", b.Label)]).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Permissions is not { Count: > 0 } permissions || permissions.Any(p => p is null))
        {
            return ApiProblem.BadRequest("missing_field", "The field 'permissions' is required: a list of read, trade, withdraw.", "permissions");
        }

        var (userId, _) = PlatformUser.Of(context);
        if (await accounts.FindAsync(userId, context.RequestAborted).ConfigureAwait(false) is not { EmailVerified: true })
        {
            return ApiProblem.Forbidden("email_not_verified", "Verify your email address before creating API keys.");
        }

        var client = RequestClient.Of(context);
        if (await secondFactor.RequireAsync(userId, body.Code, client, context.RequestAborted).ConfigureAwait(false) is { } error)
        {
            return PlatformJson.Problem(context, error);
        }

        // Not cancelled with the request: a key created after the client left is listed, never half-made.
        var created = await store.CreateAsync(userId, body.Label!, permissions, body.IpAllowList?.Where(ip => ip is not null), CancellationToken.None)
            .ConfigureAwait(false);
        if (created.Error is { } invalid)
        {
            return ApiProblem.BadRequest(invalid, invalid switch
            {
                ApiKeyErrors.InvalidLabel => "The label must be 1–64 characters without control characters.",
                ApiKeyErrors.InvalidPermissions => "Permissions must be a non-empty list of read, trade, withdraw.",
                ApiKeyErrors.InvalidIpAllowList => "Each allowed IP must be an address (1.2.3.4, ::1) or a network in CIDR form (10.0.0.0/8).",
                ApiKeyErrors.TooManyIps => "Too many allowed IPs for one key.",
                ApiKeyErrors.TooManyKeys => "Too many active API keys; revoke one first.",
                _ => "The API key settings are invalid.",
            });
        }

        var key = created.Key!;
        await audit.AddAsync(userId, AuditTypes.ApiKeyCreated, client.Ip, client.UserAgent,
            $"{Prefix(key.Key)}… '{key.Label}' {string.Join(',', key.Permissions)}", time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None)
            .ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new CreatedApiKeyResponse(key.Key, created.Secret!, key.Label, key.Permissions, key.IpAllowList, key.CreatedAt.ToUnixTimeMilliseconds()),
            PlatformJson.Options, statusCode: 201);
    }

    private static async Task<IResult> Revoke(HttpContext context, string apiKey, ApiKeyStore store, IAuditLog audit, TimeProvider time)
    {
        var (userId, _) = PlatformUser.Of(context);
        if (apiKey.Length > 128 || !await store.RevokeAsync(userId, apiKey, CancellationToken.None).ConfigureAwait(false))
        {
            return ApiProblem.NotFound("API key");
        }

        var client = RequestClient.Of(context);
        await audit.AddAsync(userId, AuditTypes.ApiKeyRevoked, client.Ip, client.UserAgent, $"{Prefix(apiKey)}…", time.GetUtcNow().ToUnixTimeMilliseconds(),
            CancellationToken.None).ConfigureAwait(false);
        return Results.NoContent();
    }

    // Enough of the key to recognise it in the log; the key alone signs nothing, but the log need not hold it whole.
    private static string Prefix(string apiKey) => apiKey[..Math.Min(8, apiKey.Length)];
}
