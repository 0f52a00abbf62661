namespace Bourse.Server.ApiKeys;

/// <summary>
/// What may be shown about an API key: never its secret, not even encrypted. An empty <see cref="IpAllowList"/>
/// means any address; entries are single addresses (<c>1.2.3.4</c>) or CIDR ranges (<c>10.0.0.0/8</c>).
/// </summary>
public sealed record ApiKey(string Key, long UserId, string Label, IReadOnlyList<string> Permissions, IReadOnlyList<string> IpAllowList,
    DateTimeOffset CreatedAt)
{
    public bool Allows(string permission) => Permissions.Contains(permission, StringComparer.Ordinal);
}
