namespace Bourse.Server.Email;

/// <summary>A message as the demo-mode mail endpoint shows it; <see cref="SentAt"/> is null until delivered.</summary>
public sealed record DevMail(long Id, string To, string Subject, string Body, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);
