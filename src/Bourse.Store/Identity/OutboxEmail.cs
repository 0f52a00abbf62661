namespace Bourse.Store.Identity;

/// <summary>
/// One message in the email outbox. Times are Unix milliseconds. <see cref="Attempts"/> counts claims, so a message
/// being sent right now already counts the attempt in progress.
/// </summary>
public sealed record OutboxEmail(
    long Id,
    string Recipient,
    string Subject,
    string Body,
    long CreatedAt,
    int Attempts,
    long NextAttemptAt,
    long? SentAt,
    long? GivenUpAt,
    string? LastError);
