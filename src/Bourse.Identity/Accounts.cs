using Bourse.Store.Identity;

namespace Bourse.Identity;

/// <summary>
/// Sign-up, email verification, sign-in with lockout and 2FA, refresh-token rotation with reuse detection, sessions.
/// Every answer about an email is the same whether or not it has an account, and takes the same work.
/// </summary>
public sealed class Accounts(
    IdentityTables tables,
    AttemptLimiter attempts,
    PasswordHashing passwords,
    SecondFactor secondFactor,
    AccessTokens accessTokens,
    IMailer mailer,
    IdentityOptions options,
    TimeProvider time)
{
    public const string VerifyPurpose = "verify";

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Creates the account and emails a verification link. A taken email gets the same answer, and its owner an email
    /// saying someone tried to sign up, so the response reveals nothing.
    /// </summary>
    public Outcome<bool> SignUp(string? email, string? password, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var normalized = EmailAddresses.Normalize(email);
        if (normalized is null)
        {
            return IdentityError.InvalidEmail;
        }

        if (PasswordPolicy.Check(password, normalized) is { } weak)
        {
            return IdentityError.WeakPassword(weak);
        }

        var hash = passwords.Hash(password!);
        if (tables.Users.Create(normalized, hash, Now) is not { } userId)
        {
            mailer.Send(normalized, "Someone tried to sign up with your email",
                $"""
                Someone (maybe you) tried to create a Bourse account with this email, which already has one.
                If it was you, sign in at {options.PublicUrl}/login or reset your password at {options.PublicUrl}/forgot-password.
                If it was not you, you can ignore this email.
                """);
            return true;
        }

        SendVerification(userId, normalized);
        tables.Audit.Add(userId, AuditTypes.SignUp, client.Ip, client.UserAgent, string.Empty, Now);
        return true;
    }

    /// <summary>Sends a fresh verification link (older ones stop working).</summary>
    public Outcome<bool> ResendVerification(long userId)
    {
        var user = tables.Users.Find(userId);
        if (user is null)
        {
            return IdentityError.NotFound;
        }

        if (!user.EmailVerified)
        {
            SendVerification(userId, user.Email);
        }

        return true;
    }

    public Outcome<bool> VerifyEmail(string? token, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(token) || token.Length > 128 || tables.EmailTokens.Consume(OpaqueTokens.Hash(token), VerifyPurpose, Now) is not { } userId)
        {
            return IdentityError.InvalidToken;
        }

        tables.Users.MarkEmailVerified(userId);
        tables.Audit.Add(userId, AuditTypes.EmailVerified, client.Ip, client.UserAgent, string.Empty, Now);
        return true;
    }

    /// <summary>
    /// Signs in. Order matters: a locked email is refused before the password is looked at; a wrong password counts
    /// towards the lock; only a right password learns that a second factor is needed.
    /// </summary>
    public Outcome<SignedIn> Login(string? email, string? password, string? code, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var normalized = EmailAddresses.Normalize(email) ?? string.Empty;
        if (normalized.Length > 0 && attempts.Begin(normalized) is { } locked)
        {
            tables.Audit.Add(tables.Users.FindByEmail(normalized)?.Id, AuditTypes.LoginLocked, client.Ip, client.UserAgent, "sign-in refused while locked", Now);
            return locked;
        }

        var user = normalized.Length > 0 ? tables.Users.FindByEmail(normalized) : null;
        var candidate = password is { Length: > 0 and <= 1024 } ? password : null;
        if (user is null || candidate is null)
        {
            passwords.VerifyAgainstNothing(candidate ?? string.Empty);
            return Failed(user?.Id, client, "password");
        }

        var (matches, needsRehash) = passwords.Verify(user.PasswordHash, candidate);
        if (!matches)
        {
            return Failed(user.Id, client, "password");
        }

        if (needsRehash)
        {
            tables.Users.RehashPassword(user.Id, user.PasswordHash, passwords.Hash(candidate));
        }

        if (user.TotpEnabled)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return IdentityError.TwoFactorRequired;
            }

            if (secondFactor.Check(user, code, client) is { } wrong)
            {
                Failed(user.Id, client, "two_factor");
                return wrong;
            }
        }

        attempts.Succeeded(normalized);
        var session = new SessionRecord(OpaqueTokens.New(16), user.Id, Now, Now, client.Ip, client.UserAgent, null, null, user.TotpEnabled);
        var refreshToken = OpaqueTokens.New();
        tables.Sessions.Create(session, OpaqueTokens.Hash(refreshToken));
        tables.Audit.Add(user.Id, AuditTypes.Login, client.Ip, client.UserAgent, user.TotpEnabled ? "password+2fa" : "password", Now);
        return Issue(user, session, refreshToken);
    }

    /// <summary>
    /// Swaps a refresh token for a new pair. A token spent before means a copy is being replayed: the whole session
    /// (every token descended from the same sign-in) is revoked.
    /// </summary>
    public Outcome<SignedIn> Refresh(string? refreshToken, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 128 ||
            tables.Sessions.SpendRefreshToken(OpaqueTokens.Hash(refreshToken), Now) is not { } spent)
        {
            return IdentityError.InvalidRefreshToken;
        }

        var session = tables.Sessions.Find(spent.SessionId);
        if (session is null)
        {
            return IdentityError.InvalidRefreshToken;
        }

        if (!spent.Spent)
        {
            if (tables.Sessions.Revoke(session.UserId, session.Id, "refresh_token_reuse", Now))
            {
                tables.Audit.Add(session.UserId, AuditTypes.RefreshTokenReuse, client.Ip, client.UserAgent, $"session {session.Id}", Now);
            }

            return IdentityError.RefreshTokenReused;
        }

        if (!IsLive(session) || tables.Users.Find(session.UserId) is not { } user)
        {
            return IdentityError.SessionExpired;
        }

        var next = OpaqueTokens.New();
        tables.Sessions.AddRefreshToken(OpaqueTokens.Hash(next), session.Id, Now);
        tables.Sessions.Touch(session.Id, Now, client.Ip, client.UserAgent);
        return Issue(user, session, next);
    }

    public void Logout(long userId, string sessionId, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (tables.Sessions.Revoke(userId, sessionId, "logout", Now))
        {
            tables.Audit.Add(userId, AuditTypes.Logout, client.Ip, client.UserAgent, string.Empty, Now);
        }
    }

    /// <summary>
    /// Whether an access token's session is still live (not revoked, not idle or past its absolute end), and marks it used.
    /// </summary>
    public bool CheckSession(long userId, string sessionId, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var session = tables.Sessions.Find(sessionId);
        if (session is null || session.UserId != userId || !IsLive(session))
        {
            return false;
        }

        // Marking it used on every request would make every request a write; a tenth of the idle timeout is precise enough.
        if (Now - session.LastSeenAt > Math.Min(60_000, (long)options.SessionIdleTimeout.TotalMilliseconds / 10))
        {
            tables.Sessions.Touch(sessionId, Now, client.Ip, client.UserAgent);
        }

        return true;
    }

    public List<SessionRecord> Sessions(long userId) => tables.Sessions.ForUser(userId, 100);

    public bool IsLive(SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.RevokedAt is null &&
            Now - session.LastSeenAt <= (long)options.SessionIdleTimeout.TotalMilliseconds &&
            Now - session.CreatedAt <= (long)options.SessionAbsoluteTimeout.TotalMilliseconds;
    }

    /// <summary>Revokes one of the user's own sessions; another user's session id is "not found".</summary>
    public Outcome<bool> RevokeSession(long userId, string? sessionId, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 64 || !tables.Sessions.Revoke(userId, sessionId, "revoked_by_user", Now))
        {
            return IdentityError.NotFound;
        }

        tables.Audit.Add(userId, AuditTypes.SessionRevoked, client.Ip, client.UserAgent, $"session {sessionId}", Now);
        return true;
    }

    public UserRecord? Find(long userId) => tables.Users.Find(userId);

    /// <summary>
    /// An operator: listed in <c>Bourse:Identity:Admins</c> and the address proven by its verification link (anyone
    /// could sign up with a listed address first). Tokens carry the admin role only for sessions signed in with 2FA.
    /// </summary>
    public bool IsAdmin(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.EmailVerified && options.Admins.Any(a => string.Equals(EmailAddresses.Normalize(a), user.Email, StringComparison.Ordinal));
    }

    private IdentityError Failed(long? userId, ClientInfo client, string factor)
    {
        tables.Audit.Add(userId, AuditTypes.LoginFailed, client.Ip, client.UserAgent, $"wrong {factor}", Now);
        return IdentityError.InvalidCredentials;
    }

    private SignedIn Issue(UserRecord user, SessionRecord session, string refreshToken)
    {
        var now = time.GetUtcNow();
        var setupRequired = secondFactor.IsRequired(user) && !user.TotpEnabled;
        var token = accessTokens.Create(user.Id, session.Id, session.SecondFactor, IsAdmin(user) && session.SecondFactor, setupRequired, now,
            options.AccessTokenLifetime);
        return new SignedIn(user.Id, session.Id, token, now + options.AccessTokenLifetime, refreshToken, setupRequired);
    }

    private void SendVerification(long userId, string email)
    {
        var token = OpaqueTokens.New();
        tables.EmailTokens.Invalidate(userId, VerifyPurpose, Now);
        tables.EmailTokens.Add(OpaqueTokens.Hash(token), userId, VerifyPurpose, Now, Now + (long)options.EmailVerificationLifetime.TotalMilliseconds);
        mailer.Send(email, "Verify your email for Bourse",
            $"""
            Welcome to Bourse. Confirm this is your email address by opening:
            {options.PublicUrl}/verify-email?token={token}

            Or send this verification token to POST /api/v1/auth/verify-email: {token}
            The link works once and expires in {options.EmailVerificationLifetime.TotalHours:0} hours.
            """);
    }
}
