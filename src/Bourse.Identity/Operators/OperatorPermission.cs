namespace Bourse.Identity.Operators;

/// <summary>What an admin endpoint demands. Roles grant permissions (<see cref="OperatorPermissions"/>); endpoints name
/// a permission, never a role, so a role's reach is changed in one table.</summary>
public enum OperatorPermission
{
    /// <summary>Search users, read a user's page (profile, balances, orders, sessions, keys, security log).</summary>
    UsersRead,

    /// <summary>Freeze and unfreeze trading, withdrawals or login.</summary>
    UsersFreeze,

    /// <summary>Revoke sessions and API keys, force a password reset, require 2FA.</summary>
    UsersManage,

    /// <summary>Read and verify the operator audit log and the security log.</summary>
    AuditRead,

    /// <summary>Propose a balance credit or debit.</summary>
    AdjustmentsPropose,

    /// <summary>Approve or reject someone else's balance adjustment.</summary>
    AdjustmentsApprove,

    /// <summary>Read reconciliation (supply against holdings).</summary>
    ReconciliationRead,

    /// <summary>Create and change assets, markets, fee tiers; assign fee tiers; apply listing files.</summary>
    ListingManage,

    /// <summary>Create operators, grant and revoke roles, disable operators.</summary>
    OperatorsManage,

    /// <summary>The back office's dashboard figures.</summary>
    DashboardRead,
}
