namespace Bourse.Identity.Operators;

/// <summary>
/// An operator: an identity user with back-office roles. Disabled operators keep their record (and their audit trail)
/// but hold no role.
/// </summary>
public sealed record OperatorRecord(long UserId, IReadOnlyList<string> Roles, long? CreatedBy, long CreatedAt, long? DisabledAt)
{
    public bool Active => DisabledAt is null;

    /// <summary>The roles a token of this operator carries: none once disabled.</summary>
    public IReadOnlyList<string> GrantedRoles => Active ? Roles : [];
}
