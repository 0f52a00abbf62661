using Bourse.Store.Identity;

namespace Bourse.Identity;

/// <summary>The identity tables, one accessor each, over one database.</summary>
public sealed class IdentityTables(IdentityDatabase database)
{
    public SqlUsers Users { get; } = new(database);
    public SqlSessions Sessions { get; } = new(database);
    public SqlLoginFailures LoginFailures { get; } = new(database);
    public SqlEmailTokens EmailTokens { get; } = new(database);
    public SqlRecoveryCodes RecoveryCodes { get; } = new(database);
    public SqlAuditLog Audit { get; } = new(database);
}
