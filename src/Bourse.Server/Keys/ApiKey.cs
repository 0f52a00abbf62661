namespace Bourse.Server.Keys;

/// <summary>An API key as stored: the secret is encrypted at rest (HMAC verification needs the plain secret back).</summary>
public sealed record ApiKey(string Key, long UserId, string Label, string[] Permissions, string ProtectedSecret, DateTimeOffset CreatedAt)
{
    public bool Allows(string permission) => Permissions.Contains(permission, StringComparer.Ordinal);
}
