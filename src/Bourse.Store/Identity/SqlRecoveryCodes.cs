namespace Bourse.Store.Identity;

/// <summary>One-time 2FA recovery codes, stored as hashes.</summary>
public sealed class SqlRecoveryCodes(IdentityDatabase database)
{
    public void Replace(long userId, IEnumerable<string> codeHashes)
    {
        ArgumentNullException.ThrowIfNull(codeHashes);
        database.Execute("DELETE FROM recovery_codes WHERE user_id = @user_id", ("@user_id", userId));
        foreach (var hash in codeHashes)
        {
            database.Execute("INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES (@user_id, @hash, NULL)",
                ("@user_id", userId), ("@hash", hash));
        }
    }

    /// <summary>Spends an unused code; false if it is unknown or already used.</summary>
    public bool Use(long userId, string codeHash, long now) =>
        database.Execute("UPDATE recovery_codes SET used_at = @now WHERE user_id = @user_id AND code_hash = @hash AND used_at IS NULL",
            ("@user_id", userId), ("@hash", codeHash), ("@now", now)) == 1;

    public long Remaining(long userId) =>
        database.QueryFirst("SELECT COUNT(*) FROM recovery_codes WHERE user_id = @user_id AND used_at IS NULL", r => r.Long(0), ("@user_id", userId));

    public void Delete(long userId) =>
        database.Execute("DELETE FROM recovery_codes WHERE user_id = @user_id", ("@user_id", userId));
}
