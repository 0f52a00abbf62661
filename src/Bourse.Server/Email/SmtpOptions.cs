namespace Bourse.Server.Email;

/// <summary>The SMTP server mail is handed to. Without a host the sender is the development sink.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Login name; no authentication when empty.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>How long one SMTP operation (connect, a command, the message) may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
