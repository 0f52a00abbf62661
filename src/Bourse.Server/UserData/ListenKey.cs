using Bourse.Server.ApiKeys;

namespace Bourse.Server.UserData;

/// <summary>
/// One listenKey: whose it is, until when it lives, and a token that fires when it ends. Its owner is an API key, or
/// a web session (<see cref="SessionStreamApi.Owner"/>), which never collides with an API key's text.
/// </summary>
public sealed class ListenKey(string key, string apiKey, long userId, TimeSpan validity)
{
    private readonly CancellationTokenSource _ended = new();

    public string Key { get; } = key;

    public string ApiKey { get; } = apiKey;

    public long UserId { get; } = userId;

    /// <summary>How long it lives after its last keepalive.</summary>
    public TimeSpan Validity { get; } = validity;

    /// <summary>Guarded by <see cref="ListenKeys"/>' lock.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Whether it ended by expiring (streams then get <c>listenKeyExpired</c>) rather than by a DELETE.</summary>
    public bool Expired { get; private set; }

    public CancellationToken Ended => _ended.Token;

    /// <summary>Ends the key when its API key is revoked; unregistered when the key goes first.</summary>
    internal CancellationTokenRegistration Revocation { get; set; }

    internal void End(bool expired)
    {
        Expired = expired;
        _ended.Cancel();
    }
}
