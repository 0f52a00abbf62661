namespace Bourse.Server.UserData;

/// <summary>One listenKey: whose it is, until when it lives, and a token that fires when it ends.</summary>
public sealed class ListenKey(string key, string apiKey, long userId)
{
    private readonly CancellationTokenSource _ended = new();

    public string Key { get; } = key;

    public string ApiKey { get; } = apiKey;

    public long UserId { get; } = userId;

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
