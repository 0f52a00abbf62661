namespace Bourse.Identity.Operators;

/// <summary>
/// The authorization matrix: which roles grant which permission. The admin role manages operators but moves no money
/// and lists nothing, so granting oneself a role is itself an audited admin action, and four eyes still need a second
/// treasury operator.
/// </summary>
public static class OperatorPermissions
{
    private static readonly Dictionary<OperatorPermission, string[]> Matrix = new()
    {
        [OperatorPermission.UsersRead] = [OperatorRoles.Support, OperatorRoles.Compliance, OperatorRoles.Treasury, OperatorRoles.Admin],
        [OperatorPermission.UsersFreeze] = [OperatorRoles.Support, OperatorRoles.Compliance],
        [OperatorPermission.UsersManage] = [OperatorRoles.Support],
        [OperatorPermission.AuditRead] = [OperatorRoles.Support, OperatorRoles.Compliance, OperatorRoles.Treasury, OperatorRoles.Listing, OperatorRoles.Admin],
        [OperatorPermission.AdjustmentsPropose] = [OperatorRoles.Treasury],
        [OperatorPermission.AdjustmentsApprove] = [OperatorRoles.Treasury],
        [OperatorPermission.ReconciliationRead] = [OperatorRoles.Treasury, OperatorRoles.Compliance, OperatorRoles.Admin],
        [OperatorPermission.ListingManage] = [OperatorRoles.Listing],
        [OperatorPermission.OperatorsManage] = [OperatorRoles.Admin],
        [OperatorPermission.DashboardRead] = [OperatorRoles.Support, OperatorRoles.Compliance, OperatorRoles.Treasury, OperatorRoles.Listing, OperatorRoles.Admin],
    };

    /// <summary>The roles that grant <paramref name="permission"/>.</summary>
    public static IReadOnlyList<string> RolesWith(OperatorPermission permission) => Matrix[permission];

    public static bool Grants(string role, OperatorPermission permission) => Matrix[permission].Contains(role, StringComparer.Ordinal);

    public static bool Grants(IEnumerable<string> roles, OperatorPermission permission) => roles.Any(r => Grants(r, permission));

    /// <summary>The policy name an endpoint requires for <paramref name="permission"/>.</summary>
    public static string PolicyName(OperatorPermission permission) => "operator:" + permission;
}
