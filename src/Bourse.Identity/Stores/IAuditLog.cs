namespace Bourse.Identity;

/// <summary>The append-only security log (<see cref="AuditTypes"/>); read newest first with an id cursor.</summary>
public interface IAuditLog
{
    /// <summary>Appends one event; <paramref name="detail"/> never holds secrets.</summary>
    Task AddAsync(long? userId, string type, string ip, string userAgent, string detail, long now, CancellationToken cancellationToken);

    /// <summary>Events newest first, optionally for one user and/or type, with ids below <paramref name="beforeId"/>.</summary>
    Task<IReadOnlyList<AuditEvent>> ReadAsync(long? userId, string? type, long? beforeId, int limit, CancellationToken cancellationToken);
}
