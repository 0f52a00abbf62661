namespace Bourse.Server.Email;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same host or a trusted network.</summary>
    None,

    /// <summary>Connect in plain text and upgrade with STARTTLS, refusing a server that cannot (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
