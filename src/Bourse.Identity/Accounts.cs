using Bourse.Identity.Operators;

namespace Bourse.Identity;

/// <summary>
/// Sign-up, email verification, sign-in with lockout and 2FA, refresh-token rotation with reuse detection, sessions.
/// Every answer about an email is the same whether or not it has an account, and takes the same work.
/// A caller's cancellation stops only reads that come before any change: once an operation writes, it runs to the end,
/// so a client that disconnects never leaves half of one behind (a password changed but the other sessions still live).
/// </summary>
public sealed class Accounts(
    IUserStore users,
    IOperatorStore operators,
    ISessionStore sessions,
    IEmailTokenStore emailTokens,
    IAuditLog audit,
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
    public async Task<Outcome<bool>> SignUpAsync(string? email, string? password, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        // Checked before anything is written: an account whose address the mailer refuses could never be verified.
        var normalized = EmailAddresses.Normalize(email);
        if (normalized is null || !mailer.Accepts(normalized))
        {
            return IdentityError.InvalidEmail;
        }

        if (PasswordPolicy.Check(password, normalized) is { } weak)
        {
            return IdentityError.WeakPassword(weak);
        }

        var hash = passwords.Hash(password!);
        if (await users.CreateAsync(normalized, hash, Now, CancellationToken.None).ConfigureAwait(false) is not { } userId)
        {
            await mailer.SendAsync(normalized, "Someone tried to sign up with your email",
                $"""
                Someone (maybe you) tried to create a Bourse account with this email, which already has one.
                If it was you, sign in at {options.PublicUrl}/login or reset your password at {options.PublicUrl}/forgot-password.
                If it was not you, you can ignore this email.
                """, CancellationToken.None).ConfigureAwait(false);
            return true;
        }

        await SendVerificationAsync(userId, normalized).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.SignUp, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sends a fresh verification link (older ones stop working).</summary>
    public async Task<Outcome<bool>> ResendVerificationAsync(long userId, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return IdentityError.NotFound;
        }

        if (!user.EmailVerified)
        {
            await SendVerificationAsync(userId, user.Email).ConfigureAwait(false);
        }

        return true;
    }

    public async Task<Outcome<bool>> VerifyEmailAsync(string? token, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(token) || token.Length > 128 || await emailTokens.ConsumeAsync(OpaqueTokens.Hash(token), VerifyPurpose, Now, CancellationToken.None).ConfigureAwait(false) is not { } userId)
        {
            return IdentityError.InvalidToken;
        }

        await users.MarkEmailVerifiedAsync(userId, CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.EmailVerified, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Signs in. Order matters: a locked email is refused before the password is looked at; a wrong password counts
    /// towards the lock; only a right password learns that a second factor is needed.
    /// </summary>
    public async Task<Outcome<SignedIn>> LoginAsync(string? email, string? password, string? code, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var normalized = EmailAddresses.Normalize(email) ?? string.Empty;
        if (normalized.Length > 0 && await attempts.BeginAsync(normalized).ConfigureAwait(false) is { } locked)
        {
            var lockedUser = await users.FindByEmailAsync(normalized, CancellationToken.None).ConfigureAwait(false);
            await audit.AddAsync(lockedUser?.Id, AuditTypes.LoginLocked, client.Ip, client.UserAgent, "sign-in refused while locked", Now, CancellationToken.None).ConfigureAwait(false);
            return locked;
        }

        var user = normalized.Length > 0 ? await users.FindByEmailAsync(normalized, CancellationToken.None).ConfigureAwait(false) : null;
        var candidate = password is { Length: > 0 and <= 1024 } ? password : null;
        if (user is null || candidate is null)
        {
            passwords.VerifyAgainstNothing(candidate ?? string.Empty);
            return await FailedAsync(user?.Id, client, "password").ConfigureAwait(false);
        }

        var (matches, needsRehash) = passwords.Verify(user.PasswordHash, candidate);
        if (!matches)
        {
            return await FailedAsync(user.Id, client, "password").ConfigureAwait(false);
        }

        if (needsRehash)
        {
            await users.RehashPasswordAsync(user.Id, user.PasswordHash, passwords.Hash(candidate), CancellationToken.None).ConfigureAwait(false);
        }

        // Only the right password learns that the account is frozen or must reset its password first.
        if (user.LoginFrozen || user.PasswordResetRequired)
        {
            await audit.AddAsync(user.Id, AuditTypes.LoginFailed, client.Ip, client.UserAgent, user.LoginFrozen ? "account frozen" : "password reset required", Now,
                CancellationToken.None).ConfigureAwait(false);
            return user.LoginFrozen ? IdentityError.AccountFrozen : IdentityError.PasswordResetRequired;
        }

        if (user.TotpEnabled)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return IdentityError.TwoFactorRequired;
            }

            if (await secondFactor.CheckAsync(user, code, client).ConfigureAwait(false) is { } wrong)
            {
                await FailedAsync(user.Id, client, "two_factor").ConfigureAwait(false);
                return wrong;
            }
        }

        await attempts.SucceededAsync(normalized).ConfigureAwait(false);
        var session = new SessionRecord(OpaqueTokens.New(16), user.Id, Now, Now, client.Ip, client.UserAgent, null, null, user.TotpEnabled);
        var refreshToken = OpaqueTokens.New();
        await sessions.CreateAsync(session, OpaqueTokens.Hash(refreshToken), CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(user.Id, AuditTypes.Login, client.Ip, client.UserAgent, user.TotpEnabled ? "password+2fa" : "password", Now, CancellationToken.None).ConfigureAwait(false);
        return Issue(user, session, refreshToken, await TokenRolesAsync(user, session).ConfigureAwait(false));
    }

    /// <summary>
    /// Swaps a refresh token for a new pair. A token spent before means a copy is being replayed: the whole session
    /// (every token descended from the same sign-in) is revoked.
    /// </summary>
    public async Task<Outcome<SignedIn>> RefreshAsync(string? refreshToken, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 128 ||
            await sessions.SpendRefreshTokenAsync(OpaqueTokens.Hash(refreshToken), Now, CancellationToken.None).ConfigureAwait(false) is not { } spent)
        {
            return IdentityError.InvalidRefreshToken;
        }

        var session = await sessions.FindAsync(spent.SessionId, CancellationToken.None).ConfigureAwait(false);
        if (session is null)
        {
            return IdentityError.InvalidRefreshToken;
        }

        if (!spent.Spent)
        {
            if (await sessions.RevokeAsync(session.UserId, session.Id, "refresh_token_reuse", Now, CancellationToken.None).ConfigureAwait(false))
            {
                await audit.AddAsync(session.UserId, AuditTypes.RefreshTokenReuse, client.Ip, client.UserAgent, $"session {session.Id}", Now, CancellationToken.None)
                    .ConfigureAwait(false);
            }

            return IdentityError.RefreshTokenReused;
        }

        // A frozen account's sessions were ended with the freeze: say why rather than "expired".
        var user = await users.FindAsync(session.UserId, CancellationToken.None).ConfigureAwait(false);
        if (user is { LoginFrozen: true } or { PasswordResetRequired: true })
        {
            return user.LoginFrozen ? IdentityError.AccountFrozen : IdentityError.PasswordResetRequired;
        }

        if (!IsLive(session) || user is null)
        {
            return IdentityError.SessionExpired;
        }

        // A session whose tokens carry roles ends after the shorter operator idle timeout, refresh or not.
        var roles = await TokenRolesAsync(user, session).ConfigureAwait(false);
        if (roles.Count > 0 && !IsLive(session, options.OperatorIdleTimeout))
        {
            return IdentityError.SessionExpired;
        }

        var next = OpaqueTokens.New();
        await sessions.AddRefreshTokenAsync(OpaqueTokens.Hash(next), session.Id, Now, CancellationToken.None).ConfigureAwait(false);
        await sessions.TouchAsync(session.Id, Now, client.Ip, client.UserAgent, CancellationToken.None).ConfigureAwait(false);
        return Issue(user, session, next, roles);
    }

    public async Task LogoutAsync(long userId, string sessionId, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await sessions.RevokeAsync(userId, sessionId, "logout", Now, CancellationToken.None).ConfigureAwait(false))
        {
            await audit.AddAsync(userId, AuditTypes.Logout, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether an access token's session is still live (not revoked, not idle or past its absolute end), and marks it used.
    /// A token carrying operator roles is judged by the shorter <see cref="IdentityOptions.OperatorIdleTimeout"/>.
    /// </summary>
    public async Task<bool> CheckSessionAsync(long userId, string sessionId, ClientInfo client, CancellationToken cancellationToken, bool carriesRoles = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        var idleTimeout = carriesRoles ? options.OperatorIdleTimeout : options.SessionIdleTimeout;
        var session = await sessions.FindAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null || session.UserId != userId || !IsLive(session, idleTimeout))
        {
            return false;
        }

        // Marking it used on every request would make every request a write; a tenth of the idle timeout is precise enough.
        if (Now - session.LastSeenAt > Math.Min(60_000, (long)idleTimeout.TotalMilliseconds / 10))
        {
            await sessions.TouchAsync(sessionId, Now, client.Ip, client.UserAgent, CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }

    public Task<IReadOnlyList<SessionRecord>> SessionsAsync(long userId, CancellationToken cancellationToken) =>
        sessions.ForUserAsync(userId, 100, cancellationToken);

    public bool IsLive(SessionRecord session) => IsLive(session, options.SessionIdleTimeout);

    private bool IsLive(SessionRecord session, TimeSpan idleTimeout)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.RevokedAt is null &&
            Now - session.LastSeenAt <= (long)Math.Min(idleTimeout.TotalMilliseconds, options.SessionIdleTimeout.TotalMilliseconds) &&
            Now - session.CreatedAt <= (long)options.SessionAbsoluteTimeout.TotalMilliseconds;
    }

    /// <summary>Revokes one of the user's own sessions; another user's session id is "not found".</summary>
    public async Task<Outcome<bool>> RevokeSessionAsync(long userId, string? sessionId, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 64 || !await sessions.RevokeAsync(userId, sessionId, "revoked_by_user", Now, CancellationToken.None).ConfigureAwait(false))
        {
            return IdentityError.NotFound;
        }

        await audit.AddAsync(userId, AuditTypes.SessionRevoked, client.Ip, client.UserAgent, $"session {sessionId}", Now, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    public Task<UserRecord?> FindAsync(long userId, CancellationToken cancellationToken) => users.FindAsync(userId, cancellationToken);

    /// <summary>Whether the user is an active operator (an <c>operators</c> record, not disabled).</summary>
    public async Task<bool> IsOperatorAsync(long userId, CancellationToken cancellationToken) =>
        await operators.FindAsync(userId, cancellationToken).ConfigureAwait(false) is { Active: true };

    private async Task<IdentityError> FailedAsync(long? userId, ClientInfo client, string factor)
    {
        await audit.AddAsync(userId, AuditTypes.LoginFailed, client.Ip, client.UserAgent, $"wrong {factor}", Now, CancellationToken.None).ConfigureAwait(false);
        return IdentityError.InvalidCredentials;
    }

    /// <summary>
    /// The roles a token of this session carries: an active operator's, and only when the sign-in used 2FA and the
    /// address is verified (operator accounts are made verified; anyone could sign up with an address first).
    /// </summary>
    private async Task<IReadOnlyList<string>> TokenRolesAsync(UserRecord user, SessionRecord session) =>
        session.SecondFactor && user.EmailVerified && await operators.FindAsync(user.Id, CancellationToken.None).ConfigureAwait(false) is { } record
            ? record.GrantedRoles
            : [];

    private SignedIn Issue(UserRecord user, SessionRecord session, string refreshToken, IReadOnlyList<string> roles)
    {
        var now = time.GetUtcNow();
        var setupRequired = secondFactor.IsRequired(user) && !user.TotpEnabled;
        var token = accessTokens.Create(user.Id, session.Id, session.SecondFactor, roles, setupRequired, now,
            options.AccessTokenLifetime);
        return new SignedIn(user.Id, session.Id, token, now + options.AccessTokenLifetime, refreshToken, setupRequired);
    }

    private async Task SendVerificationAsync(long userId, string email)
    {
        var token = OpaqueTokens.New();
        await emailTokens.InvalidateAsync(userId, VerifyPurpose, Now, CancellationToken.None).ConfigureAwait(false);
        await emailTokens.AddAsync(OpaqueTokens.Hash(token), userId, VerifyPurpose, Now, Now + (long)options.EmailVerificationLifetime.TotalMilliseconds, CancellationToken.None)
            .ConfigureAwait(false);
        await mailer.SendAsync(email, "Verify your email for Bourse",
            $"""
            Welcome to Bourse. Confirm this is your email address by opening:
            {options.PublicUrl}/verify-email?token={token}

            Or send this verification token to POST /api/v1/auth/verify-email: {token}
            The link works once and expires in {options.EmailVerificationLifetime.TotalHours:0} hours.
            """, CancellationToken.None).ConfigureAwait(false);
    }
}
