using MimeKit;

namespace Bourse.Server.Email;

/// <summary>Outgoing email settings (<c>Bourse:Email</c>).</summary>
public sealed class EmailOptions
{
    public const string Section = "Bourse:Email";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender address, with an optional display name: <c>Bourse &lt;no-reply@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Bourse <no-reply@bourse.localhost>";

    /// <summary>Attempts before a message is given up (it stays in the outbox with its last error).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles after each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the outbox is checked for mail this process was not told about (other processes, crashed sends).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>No SMTP host: mail is marked delivered and only logged (and listed at /api/v1/dev/mail in demo mode).</summary>
    public bool IsDevelopmentSink => string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones: exponential, capped.</summary>
    public TimeSpan RetryDelayAfter(int attempts)
    {
        var milliseconds = RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, MaxRetryDelay.TotalMilliseconds));
    }

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem() => this switch
    {
        _ when !MailboxAddress.TryParse(From, out _) => $"{Section}:From '{From}' is not an email address",
        _ when MaxAttempts < 1 => $"{Section}:MaxAttempts must be at least 1",
        _ when RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay => $"{Section}:RetryDelay must be positive and at most MaxRetryDelay",
        _ when PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromDays(1) => $"{Section}:PollInterval must be positive and at most a day",
        _ when !IsDevelopmentSink && Smtp.Port is < 1 or > 65_535 => $"{Section}:Smtp:Port must be 1-65535",
        _ when !IsDevelopmentSink && Smtp.Timeout <= TimeSpan.Zero => $"{Section}:Smtp:Timeout must be positive",
        _ => null,
    };
}
