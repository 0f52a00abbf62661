using Bourse.Identity;

namespace Bourse.Store.Identity;

/// <summary>One-time 2FA recovery codes, stored as hashes.</summary>
public sealed class SqlRecoveryCodes(IdentityDatabase database) : IRecoveryCodeStore
{
    public async Task ReplaceAsync(long userId, IEnumerable<string> codeHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeHashes);
        await DeleteAsync(userId, cancellationToken).ConfigureAwait(false);
        foreach (var hash in codeHashes)
        {
            await database.ExecuteAsync("INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES (@user_id, @hash, NULL)", cancellationToken,
                ("@user_id", userId), ("@hash", hash)).ConfigureAwait(false);
        }
    }

    public async Task<bool> UseAsync(long userId, string codeHash, long now, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE recovery_codes SET used_at = @now WHERE user_id = @user_id AND code_hash = @hash AND used_at IS NULL",
            cancellationToken, ("@user_id", userId), ("@hash", codeHash), ("@now", now)).ConfigureAwait(false) == 1;

    public Task<long> RemainingAsync(long userId, CancellationToken cancellationToken) =>
        database.QueryFirstAsync("SELECT COUNT(*) FROM recovery_codes WHERE user_id = @user_id AND used_at IS NULL", r => r.Long(0), cancellationToken,
            ("@user_id", userId));

    public Task DeleteAsync(long userId, CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM recovery_codes WHERE user_id = @user_id", cancellationToken, ("@user_id", userId));
}
