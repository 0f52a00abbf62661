using System.Net;
using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Server.ApiKeys;

/// <summary>
/// An active key as the request path sees it: the key, its parsed allow-list, its secret (decrypted on first use and
/// then kept: HMAC needs it, and decrypting per request cost more than the rest of the request), and a token that
/// fires when the key is revoked so listenKeys and streams opened with it can end.
/// </summary>
public sealed class LiveApiKey
{
    private readonly string _protectedSecret;
    private readonly IDataProtector _protector;
    private readonly CancellationTokenSource _revoked = new();
    private string? _secret;

    internal LiveApiKey(ApiKey key, IpAllowList ipAllowList, string protectedSecret, IDataProtector protector)
    {
        Key = key;
        IpAllowList = ipAllowList;
        _protectedSecret = protectedSecret;
        _protector = protector;
    }

    public ApiKey Key { get; }

    public IpAllowList IpAllowList { get; }

    public string Secret => _secret ??= _protector.Unprotect(_protectedSecret);

    public CancellationToken Revoked => _revoked.Token;

    public bool AllowsAddress(IPAddress? address) => IpAllowList.Allows(address);

    /// <summary>The same key with a revocation token not yet fired (after a suspension ended the streams of this one).</summary>
    internal LiveApiKey Renewed() => new(Key, IpAllowList, _protectedSecret, _protector);

    /// <summary>Fires <see cref="Revoked"/>; callers hold no lock, since the callbacks close listenKeys and sockets.</summary>
    internal void Revoke() => _revoked.Cancel();
}
