namespace Bourse.Identity;

/// <summary>One-time 2FA recovery codes, kept only as hashes.</summary>
public interface IRecoveryCodeStore
{
    /// <summary>Drops the user's codes and keeps these instead.</summary>
    Task ReplaceAsync(long userId, IEnumerable<string> codeHashes, CancellationToken cancellationToken);

    /// <summary>Spends an unused code in one conditional update; false if it is unknown or already used.</summary>
    Task<bool> UseAsync(long userId, string codeHash, long now, CancellationToken cancellationToken);

    /// <summary>How many unused codes the user has left.</summary>
    Task<long> RemainingAsync(long userId, CancellationToken cancellationToken);

    Task DeleteAsync(long userId, CancellationToken cancellationToken);
}
