namespace Bourse.Store.Identity;

/// <summary>
/// One row of <c>api_keys</c>: the key, its owner, what it may do and from where, and its secret as the caller
/// encrypted it (the store never sees the plain secret). Times are Unix milliseconds; a revoked key keeps its row.
/// </summary>
public sealed record StoredApiKey(string ApiKey, long UserId, string Label, IReadOnlyList<string> Permissions,
    IReadOnlyList<string> IpAllowList, string ProtectedSecret, long CreatedAt, long? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
