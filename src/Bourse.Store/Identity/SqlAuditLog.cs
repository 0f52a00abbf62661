using System.Data.Common;
using Bourse.Identity;

namespace Bourse.Store.Identity;

/// <summary>The append-only security log; read newest first with an id cursor.</summary>
public sealed class SqlAuditLog(IdentityDatabase database) : IAuditLog
{
    public Task AddAsync(long? userId, string type, string ip, string userAgent, string detail, long now, CancellationToken cancellationToken) =>
        database.ExecuteAsync("""
            INSERT INTO audit_events (user_id, type, ip, user_agent, detail, time) VALUES (@user_id, @type, @ip, @user_agent, @detail, @time)
            """, cancellationToken, ("@user_id", userId), ("@type", type), ("@ip", ip), ("@user_agent", userAgent), ("@detail", detail), ("@time", now));

    public async Task<IReadOnlyList<AuditEvent>> ReadAsync(long? userId, string? type, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        // Conditions are added only when given: an untyped NULL parameter is ambiguous to PostgreSQL.
        var where = new List<string> { "id < @before" };
        var parameters = new List<(string, object?)> { ("@before", beforeId ?? long.MaxValue), ("@limit", limit) };
        if (userId is { } user)
        {
            where.Add("user_id = @user_id");
            parameters.Add(("@user_id", user));
        }

        if (type is not null)
        {
            where.Add("type = @type");
            parameters.Add(("@type", type));
        }

        return await database.QueryAsync($"""
            SELECT id, user_id, type, ip, user_agent, detail, time FROM audit_events
            WHERE {string.Join(" AND ", where)}
            ORDER BY id DESC LIMIT @limit
            """, Map, cancellationToken, [.. parameters]).ConfigureAwait(false);
    }

    private static AuditEvent Map(DbDataReader r) => new(r.Long(0), r.NullableLong(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.Long(6));
}
