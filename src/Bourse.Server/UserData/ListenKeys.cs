using System.Security.Cryptography;

namespace Bourse.Server.UserData;

/// <summary>
/// The listenKeys of the REST user data flow: one active key per API key, valid for
/// <see cref="UserDataOptions.ListenKeyValidity"/> after its last keepalive. A key's <see cref="ListenKey.Ended"/>
/// token fires when it expires or is deleted, so its streams can say so and close.
/// </summary>
public sealed class ListenKeys(TimeProvider time, Microsoft.Extensions.Options.IOptions<UserDataOptions> options)
{
    public const int Length = 60;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Dictionary<string, ListenKey> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ListenKey> _byApiKey = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private TimeSpan Validity => options.Value.ListenKeyValidity;

    /// <summary>
    /// The API key's active listenKey, extended, or a new one. A new one is deleted (its streams closed) when
    /// <paramref name="apiKeyRevoked"/> fires. <paramref name="validity"/> replaces the configured one (web sessions
    /// keep theirs short, so a stream of a session ended elsewhere stops soon after its keepalives are refused).
    /// </summary>
    public ListenKey Open(string apiKey, long userId, CancellationToken apiKeyRevoked = default, TimeSpan? validity = null)
    {
        var now = time.GetUtcNow();
        ListenKey key;
        lock (_lock)
        {
            if (_byApiKey.TryGetValue(apiKey, out var active) && active.ExpiresAt > now)
            {
                active.ExpiresAt = now + active.Validity;
                return active;
            }

            var lifetime = validity ?? Validity;
            key = new ListenKey(RandomNumberGenerator.GetString(Alphabet, Length), apiKey, userId, lifetime) { ExpiresAt = now + lifetime };
            _byKey[key.Key] = key;
            _byApiKey[apiKey] = key;
        }

        // Outside the lock: a key revoked meanwhile runs the callback right here, and Delete takes the lock.
        var revocation = apiKeyRevoked.Register(() => Delete(key.Key, apiKey));
        lock (_lock)
        {
            key.Revocation = revocation;
        }

        return key;
    }

    /// <summary>Extends an active key of this API key; false when there is none.</summary>
    public bool Extend(string listenKey, string apiKey)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!TryGetActive(listenKey, now, out var key) || key.ApiKey != apiKey)
            {
                return false;
            }

            key.ExpiresAt = now + key.Validity;
            return true;
        }
    }

    /// <summary>Deletes an active key of this API key and ends its streams; false when there is none.</summary>
    public bool Delete(string listenKey, string apiKey)
    {
        ListenKey? key;
        lock (_lock)
        {
            if (!TryGetActive(listenKey, time.GetUtcNow(), out key) || key.ApiKey != apiKey)
            {
                return false;
            }

            Remove(key);
        }

        key.End(expired: false);
        return true;
    }

    /// <summary>Ends a signed-in session's stream, if it has one: at sign-out or when the session is revoked.</summary>
    public void EndSession(string sessionId) => DeleteOwned(SessionStreamApi.Owner(sessionId));

    /// <summary>Deletes the owner's active key, if any, and ends its streams.</summary>
    public void DeleteOwned(string apiKey)
    {
        ListenKey? key;
        lock (_lock)
        {
            if (!_byApiKey.TryGetValue(apiKey, out key))
            {
                return;
            }

            Remove(key);
        }

        key.End(expired: false);
    }

    /// <summary>The active key, or null for an unknown or expired one.</summary>
    public ListenKey? Find(string listenKey)
    {
        lock (_lock)
        {
            return TryGetActive(listenKey, time.GetUtcNow(), out var key) ? key : null;
        }
    }

    /// <summary>Forgets the keys past their validity and ends their streams with <c>listenKeyExpired</c>.</summary>
    public void ExpireDue()
    {
        var now = time.GetUtcNow();
        List<ListenKey> expired;
        lock (_lock)
        {
            expired = _byKey.Values.Where(k => k.ExpiresAt <= now).ToList();
            foreach (var key in expired)
            {
                Remove(key);
            }
        }

        foreach (var key in expired)
        {
            key.End(expired: true);
        }
    }

    private bool TryGetActive(string listenKey, DateTimeOffset now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ListenKey? key) =>
        _byKey.TryGetValue(listenKey, out key) && key.ExpiresAt > now;

    private void Remove(ListenKey key)
    {
        key.Revocation.Unregister();
        _byKey.Remove(key.Key);
        if (_byApiKey.TryGetValue(key.ApiKey, out var current) && current == key)
        {
            _byApiKey.Remove(key.ApiKey);
        }
    }
}
