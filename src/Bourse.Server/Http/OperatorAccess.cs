using System.Security.Claims;
using Bourse.Identity;
using Bourse.Identity.Operators;
using Microsoft.AspNetCore.Authorization;

namespace Bourse.Server.Http;

/// <summary>
/// How an admin endpoint names what it demands (<see cref="RequirePermission{TBuilder}"/>: one policy per
/// <see cref="OperatorPermission"/>, satisfied by any role that grants it) and records what it did
/// (<see cref="AuditAsync"/>: the operator, their roles, address and time filled in from the request).
/// </summary>
public static class OperatorAccess
{
    /// <summary>Registers one authorization policy per permission.</summary>
    public static AuthorizationBuilder AddOperatorPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var permission in Enum.GetValues<OperatorPermission>())
        {
            builder.AddPolicy(OperatorPermissions.PolicyName(permission),
                policy => policy.RequireAuthenticatedUser().RequireRole(OperatorPermissions.RolesWith(permission)));
        }

        return builder;
    }

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, OperatorPermission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(OperatorPermissions.PolicyName(permission));

    /// <summary>The roles the request's token carries.</summary>
    public static IReadOnlyList<string> RolesOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindAll("role").Select(c => c.Value).Where(OperatorRoles.IsKnown).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Appends one entry to the operator audit log for the signed-in operator of <paramref name="context"/>.</summary>
    public static Task AuditAsync(HttpContext context, IOperatorAuditLog audit, TimeProvider time, string action, string targetType, string? targetId,
        string? before = null, string? after = null, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var (operatorId, _) = PlatformUser.Of(context);
        var client = RequestClient.Of(context);
        return audit.AddAsync(new OperatorAction(operatorId, string.Join(',', RolesOf(context.User)), action, targetType, targetId, before, after, reason,
            client.Ip, time.GetUtcNow().ToUnixTimeMilliseconds()), CancellationToken.None);
    }
}
