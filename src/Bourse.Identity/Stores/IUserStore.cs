namespace Bourse.Identity;

/// <summary>
/// Where users are kept: creation, lookup, password, email verification and the TOTP state. Every conditional change
/// is one statement, so two requests racing cannot both win it.
/// </summary>
public interface IUserStore
{
    /// <summary>The new user's id, or null when the (normalized) email is taken.</summary>
    Task<long?> CreateAsync(string email, string passwordHash, long now, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a user with a given id (the engine user it signs in as, e.g. a demo trader); later sign-ups get higher
    /// ids. Null when the id or the email is taken.
    /// </summary>
    Task<long?> CreateWithIdAsync(long id, string email, string passwordHash, long now, CancellationToken cancellationToken);

    Task<UserRecord?> FindAsync(long id, CancellationToken cancellationToken);

    Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    Task SetPasswordAsync(long id, string passwordHash, long now, CancellationToken cancellationToken);

    /// <summary>Replaces a hash in place when the KDF's parameters were raised (no other change).</summary>
    Task RehashPasswordAsync(long id, string oldHash, string newHash, CancellationToken cancellationToken);

    Task MarkEmailVerifiedAsync(long id, CancellationToken cancellationToken);

    /// <summary>Stores a pending TOTP secret; false (nothing changed) while 2FA is on.</summary>
    Task<bool> SetPendingTotpSecretAsync(long id, string protectedSecret, CancellationToken cancellationToken);

    /// <summary>Turns 2FA on with the step of the first code; false if it is already on or no secret is pending.</summary>
    Task<bool> EnableTotpAsync(long id, long step, CancellationToken cancellationToken);

    /// <summary>Turns 2FA off and forgets the secret; false if it was off.</summary>
    Task<bool> DisableTotpAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the code of time step <paramref name="step"/> was used; false if that step or a later one already
    /// was (RFC 6238 §5.2).
    /// </summary>
    Task<bool> TryUseTotpStepAsync(long id, long step, CancellationToken cancellationToken);

    /// <summary>Sets the per-account 2FA policy; false for an unknown user.</summary>
    Task<bool> SetTwoFactorRequiredAsync(long id, bool required, CancellationToken cancellationToken);

    /// <summary>How many accounts exist (operators included): the back office's dashboard figure.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Freezes or unfreezes sign-in and records why and by whom the account's restrictions were set; false for an
    /// unknown user.
    /// </summary>
    Task<bool> SetRestrictionsAsync(long id, bool loginFrozen, string reason, long operatorId, long now, CancellationToken cancellationToken);

    /// <summary>Refuses sign-in until a password reset (or sets it free again); false for an unknown user. Setting a password clears it.</summary>
    Task<bool> SetPasswordResetRequiredAsync(long id, bool required, CancellationToken cancellationToken);

    /// <summary>
    /// Users newest first (by id) with ids below <paramref name="beforeId"/>, at most <paramref name="limit"/>; with a
    /// <paramref name="query"/>, only those whose email contains it (case-insensitive, taken literally), whose id it is,
    /// or who own the API key it names.
    /// </summary>
    Task<IReadOnlyList<UserRecord>> SearchAsync(string? query, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>The ids of the users whose sign-in is frozen.</summary>
    Task<IReadOnlyList<long>> LoginFrozenAsync(CancellationToken cancellationToken);
}
