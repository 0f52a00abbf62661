namespace Bourse.Identity;

/// <summary>One security event. <see cref="Detail"/> never holds secrets (no passwords, tokens or codes).</summary>
public sealed record AuditEvent(long Id, long? UserId, string Type, string Ip, string UserAgent, string Detail, long Time);
