namespace Bourse.Identity.Operators;

/// <summary>A new (or re-created) operator and its one-time setup link.</summary>
public sealed record OperatorCreated(long UserId, string Email, IReadOnlyList<string> Roles, string SetupToken, string SetupLink, long SetupExpiresAt);

/// <summary>An operator as listed: its record and its account's email.</summary>
public sealed record OperatorAccount(OperatorRecord Record, string Email);

/// <summary>
/// Operator accounts: identity users with an operator record. Created on the server's machine or by an admin with a
/// one-time setup link (never a password), always with 2FA required; role changes and disabling end the operator's
/// sessions so no token keeps roles it no longer has; the last active admin cannot be demoted or disabled.
/// </summary>
public sealed class OperatorAccounts(
    IUserStore users,
    IOperatorStore operators,
    ISessionStore sessions,
    IEmailTokenStore emailTokens,
    IAuditLog audit,
    PasswordHashing passwords,
    TimeProvider time)
{
    public const string SetupPurpose = "operator_setup";

    /// <summary>How long a setup link works.</summary>
    public static readonly TimeSpan SetupLifetime = TimeSpan.FromHours(24);

    public static readonly IdentityError LastAdmin = new(409, "last_admin", "That would leave no active admin; make another operator admin first.");
    public static readonly IdentityError InvalidRoles = new(400, "invalid_roles",
        $"'roles' must list one or more of: {string.Join(", ", OperatorRoles.All)}.");

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The roles as stored: known, distinct, in <see cref="OperatorRoles.All"/> order; null when any is unknown or none is given.</summary>
    public static IReadOnlyList<string>? NormalizeRoles(IEnumerable<string?>? roles)
    {
        if (roles is null)
        {
            return null;
        }

        var given = roles.ToList();
        if (given.Count == 0 || given.Any(r => r is null || !OperatorRoles.IsKnown(r)))
        {
            return null;
        }

        return [.. OperatorRoles.All.Where(r => given.Contains(r, StringComparer.Ordinal))];
    }

    /// <summary>
    /// Makes <paramref name="email"/> an operator with <paramref name="roles"/>: the account is created when missing
    /// (with a random password nobody knows), its address marked verified, 2FA required; any earlier setup link is void.
    /// </summary>
    public async Task<Outcome<OperatorCreated>> CreateAsync(string? email, IEnumerable<string?>? roles, long? createdBy, string publicUrl, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        ArgumentNullException.ThrowIfNull(client);
        var normalized = EmailAddresses.Normalize(email);
        if (normalized is null)
        {
            return IdentityError.InvalidEmail;
        }

        if (NormalizeRoles(roles) is not { } granted)
        {
            return InvalidRoles;
        }

        var now = Now;
        var user = await users.FindByEmailAsync(normalized, CancellationToken.None).ConfigureAwait(false);
        if (user is null)
        {
            var unusable = passwords.Hash(OpaqueTokens.New());
            var id = await users.CreateAsync(normalized, unusable, now, CancellationToken.None).ConfigureAwait(false);
            // Null only if the address was taken in between: use that account.
            user = await users.FindByEmailAsync(normalized, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The account for {normalized} (id {id}) vanished while it was made an operator.");
        }

        await users.MarkEmailVerifiedAsync(user.Id, CancellationToken.None).ConfigureAwait(false);
        await users.SetTwoFactorRequiredAsync(user.Id, true, CancellationToken.None).ConfigureAwait(false);
        await operators.UpsertAsync(user.Id, granted, createdBy, now, CancellationToken.None).ConfigureAwait(false);
        // Sessions signed in before keep no roles they were not given now.
        await sessions.RevokeAllAsync(user.Id, "operator_created", now, null, CancellationToken.None).ConfigureAwait(false);

        var token = OpaqueTokens.New();
        var expiresAt = now + (long)SetupLifetime.TotalMilliseconds;
        await emailTokens.InvalidateAsync(user.Id, SetupPurpose, now, CancellationToken.None).ConfigureAwait(false);
        await emailTokens.AddAsync(OpaqueTokens.Hash(token), user.Id, SetupPurpose, now, expiresAt, CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(user.Id, AuditTypes.OperatorCreated, client.Ip, client.UserAgent,
            $"roles {string.Join(',', granted)}{(createdBy is { } by ? $" by operator {by}" : " on the server's machine")}", now, CancellationToken.None).ConfigureAwait(false);
        return new OperatorCreated(user.Id, user.Email, granted, token, $"{publicUrl.TrimEnd('/')}/admin/setup?token={token}", expiresAt);
    }

    /// <summary>Sets the operator's password with its setup link's token (the password policy applies; a refused password does not spend the link).</summary>
    public async Task<Outcome<bool>> SetUpAsync(string? token, string? password, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return IdentityError.InvalidToken;
        }

        var tokenHash = OpaqueTokens.Hash(token);
        var owner = await emailTokens.PeekAsync(tokenHash, SetupPurpose, Now, CancellationToken.None).ConfigureAwait(false) is { } ownerId
            ? await users.FindAsync(ownerId, CancellationToken.None).ConfigureAwait(false)
            : null;
        if (owner is null)
        {
            return IdentityError.InvalidToken;
        }

        if (PasswordPolicy.Check(password, owner.Email) is { } weak)
        {
            return IdentityError.WeakPassword(weak);
        }

        if (await emailTokens.ConsumeAsync(tokenHash, SetupPurpose, Now, CancellationToken.None).ConfigureAwait(false) is not { } userId)
        {
            return IdentityError.InvalidToken;
        }

        await users.SetPasswordAsync(userId, passwords.Hash(password!), Now, CancellationToken.None).ConfigureAwait(false);
        await sessions.RevokeAllAsync(userId, "operator_setup", Now, null, CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.OperatorSetUp, client.Ip, client.UserAgent, string.Empty, Now, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    public Task<OperatorRecord?> FindAsync(long userId, CancellationToken cancellationToken) => operators.FindAsync(userId, cancellationToken);

    /// <summary>Every operator with its email, by user id.</summary>
    public async Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<OperatorAccount>();
        foreach (var record in await operators.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var user = await users.FindAsync(record.UserId, cancellationToken).ConfigureAwait(false);
            list.Add(new OperatorAccount(record, user?.Email ?? string.Empty));
        }

        return list;
    }

    /// <summary>Replaces an operator's roles and ends its sessions; refused for the last active admin's admin role.</summary>
    public async Task<Outcome<OperatorAccount>> SetRolesAsync(long userId, IEnumerable<string?>? roles, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (NormalizeRoles(roles) is not { } granted)
        {
            return InvalidRoles;
        }

        if (await operators.FindAsync(userId, CancellationToken.None).ConfigureAwait(false) is not { Active: true })
        {
            return IdentityError.NotFound;
        }

        if (!await operators.SetRolesAsync(userId, granted, CancellationToken.None).ConfigureAwait(false))
        {
            return await operators.FindAsync(userId, CancellationToken.None).ConfigureAwait(false) is { Active: true } ? LastAdmin : IdentityError.NotFound;
        }

        await EndSessionsAsync(userId, "operator_roles_changed", $"roles {string.Join(',', granted)}", client).ConfigureAwait(false);
        var record = (await operators.FindAsync(userId, CancellationToken.None).ConfigureAwait(false))!;
        var user = await users.FindAsync(userId, CancellationToken.None).ConfigureAwait(false);
        return new OperatorAccount(record, user?.Email ?? string.Empty);
    }

    /// <summary>Disables an operator (its roles are no longer granted) and ends its sessions; refused for the last active admin.</summary>
    public async Task<Outcome<bool>> DisableAsync(long userId, ClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await operators.FindAsync(userId, CancellationToken.None).ConfigureAwait(false) is not { Active: true })
        {
            return IdentityError.NotFound;
        }

        if (!await operators.DisableAsync(userId, Now, CancellationToken.None).ConfigureAwait(false))
        {
            return await operators.FindAsync(userId, CancellationToken.None).ConfigureAwait(false) is { Active: true } ? LastAdmin : IdentityError.NotFound;
        }

        await EndSessionsAsync(userId, "operator_disabled", "disabled", client).ConfigureAwait(false);
        return true;
    }

    private async Task EndSessionsAsync(long userId, string reason, string detail, ClientInfo client)
    {
        await sessions.RevokeAllAsync(userId, reason, Now, null, CancellationToken.None).ConfigureAwait(false);
        await audit.AddAsync(userId, AuditTypes.OperatorChanged, client.Ip, client.UserAgent, detail, Now, CancellationToken.None).ConfigureAwait(false);
    }
}
