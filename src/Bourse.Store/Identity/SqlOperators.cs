using System.Data.Common;
using Bourse.Identity.Operators;

namespace Bourse.Store.Identity;

/// <summary>The operators table: roles as a comma-separated list; the last-admin rule checked inside each change's statement.</summary>
public sealed class SqlOperators(IdentityDatabase database) : IOperatorStore
{
    private const string Columns = "user_id, roles, created_by, created_at, disabled_at";

    // Whether another active operator holds the admin role (roles are stored comma-separated, without spaces).
    private const string AnotherAdmin = """
        EXISTS (SELECT 1 FROM operators other WHERE other.user_id <> @user_id AND other.disabled_at IS NULL
                AND (',' || other.roles || ',') LIKE '%,admin,%')
        """;

    public Task<OperatorRecord?> FindAsync(long userId, CancellationToken cancellationToken) =>
        database.QueryFirstAsync($"SELECT {Columns} FROM operators WHERE user_id = @user_id", Map, cancellationToken, ("@user_id", userId));

    public async Task<IReadOnlyList<OperatorRecord>> ListAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM operators ORDER BY user_id", Map, cancellationToken).ConfigureAwait(false);

    public Task UpsertAsync(long userId, IReadOnlyList<string> roles, long? createdBy, long now, CancellationToken cancellationToken) =>
        database.ExecuteAsync($"""
            INSERT INTO operators ({Columns}) VALUES (@user_id, @roles, @created_by, @now, NULL)
            ON CONFLICT (user_id) DO UPDATE SET roles = @roles, disabled_at = NULL
            """, cancellationToken, ("@user_id", userId), ("@roles", Join(roles)), ("@created_by", createdBy), ("@now", now));

    public async Task<bool> SetRolesAsync(long userId, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        await database.ExecuteAsync($"""
            UPDATE operators SET roles = @roles
            WHERE user_id = @user_id AND disabled_at IS NULL AND (@keeps_admin = 1 OR {AnotherAdmin})
            """, cancellationToken, ("@user_id", userId), ("@roles", Join(roles)),
            ("@keeps_admin", roles.Contains(OperatorRoles.Admin, StringComparer.Ordinal) ? 1 : 0)).ConfigureAwait(false) == 1;

    public async Task<bool> DisableAsync(long userId, long now, CancellationToken cancellationToken) =>
        await database.ExecuteAsync($"""
            UPDATE operators SET disabled_at = @now
            WHERE user_id = @user_id AND disabled_at IS NULL AND ((',' || roles || ',') NOT LIKE '%,admin,%' OR {AnotherAdmin})
            """, cancellationToken, ("@user_id", userId), ("@now", now)).ConfigureAwait(false) == 1;

    private static string Join(IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return string.Join(',', roles);
    }

    private static OperatorRecord Map(DbDataReader r) => new(
        r.Long(0), r.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries), r.NullableLong(2), r.Long(3), r.NullableLong(4));
}
