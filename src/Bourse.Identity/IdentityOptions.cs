namespace Bourse.Identity;

/// <summary>Session, lockout and token lifetimes. Section <c>Bourse:Identity</c>; every value has a safe default.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Bourse:Identity";

    /// <summary>How long an access token (JWT) is accepted; short, because it is checked without a database hit for its signature.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A session not used (no request, no refresh) for this long ends.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A session ends this long after sign-in however active it is.</summary>
    public TimeSpan SessionAbsoluteTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Failed sign-ins for one email within <see cref="LockoutWindow"/> that lock it.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan EmailVerificationLifetime { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Where users reach the web UI; links in emails start with it.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// A session whose tokens carry operator roles ends after this long unused (the host sets it from
    /// <c>Bourse:Admin:IdleTimeout</c>); never longer than <see cref="SessionIdleTimeout"/>.
    /// </summary>
    public TimeSpan OperatorIdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Make 2FA mandatory for every account (per-account policy can also require it).</summary>
    public bool RequireTwoFactor { get; set; }
}
