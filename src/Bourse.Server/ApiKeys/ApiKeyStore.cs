using System.Security.Cryptography;
using Bourse.Store.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bourse.Server.ApiKeys;

/// <summary>
/// API keys in the identity database (<see cref="SqlApiKeys"/>), secrets encrypted with ASP.NET Core Data Protection
/// (keys in <c>&lt;data&gt;/protection-keys</c>). Every active key is cached: <see cref="FindAsync"/>, on every signed
/// request, reads an immutable snapshot without a lock or a database call. Keys created or revoked here change the
/// snapshot at once; keys created or revoked by another process (the <c>bourse apikey</c> CLI) arrive through a
/// poll of <see cref="SqlApiKeys.ChangedSinceAsync"/> every <see cref="RefreshInterval"/>, and a miss polls early, at most
/// every <see cref="MissRefreshInterval"/>, so a flood of unknown keys cannot become a flood of queries. Every database
/// call after start-up is awaited, so a request never blocks a thread on it. The keys of a user whose sign-in is
/// frozen stay cached but are suspended (<see cref="IsSuspended"/>): the freeze ends their listenKeys and streams, and
/// the set of frozen users is re-read with every poll, so a freeze made by another process arrives the same way.
/// </summary>
public sealed partial class ApiKeyStore : IDisposable
{
    public const int MaxKeysPerUser = 30;
    public const int MaxLabelLength = 64;
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MissRefreshInterval = TimeSpan.FromMilliseconds(250);

    // Polls re-read this far back: a key stamped by another process just before our last poll may have committed after it.
    private static readonly TimeSpan RefreshOverlap = TimeSpan.FromSeconds(10);
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly SqlApiKeys _store;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly ITimer? _refresh;
    private readonly SqlUsers _users;
    private volatile Dictionary<string, LiveApiKey> _keys = new(StringComparer.Ordinal);
    private volatile HashSet<long> _suspended = [];
    private long _suspensions;
    private long _refreshedFrom;
    private long _nextMissRefresh;
    private long _revocations;

    /// <param name="watch">Poll for other processes' changes (a server); a one-shot CLI command does not.</param>
    public ApiKeyStore(SqlApiKeys store, IDataProtectionProvider protection, string dataDirectory, TimeProvider time, ILogger<ApiKeyStore>? logger = null,
        bool watch = true)
    {
        ArgumentNullException.ThrowIfNull(protection);
        _store = store;
        _protector = protection.CreateProtector("Bourse.ApiKeys.v1");
        _time = time;
        _logger = logger ?? NullLogger<ApiKeyStore>.Instance;
        ArgumentNullException.ThrowIfNull(store);
        _users = new SqlUsers(store.Database);
        LegacyApiKeyImport.Run(dataDirectory, store, _users);
        _refreshedFrom = time.GetUtcNow().ToUnixTimeMilliseconds();
        _keys = store.AllActive().ToDictionary(k => k.ApiKey, Live, StringComparer.Ordinal);
        _suspended = [.. _users.LoginFrozen()];
        if (watch)
        {
            _refresh = time.CreateTimer(_ => _ = RefreshQuietlyAsync(CancellationToken.None), null, RefreshInterval, RefreshInterval);
        }
    }

    /// <summary>
    /// Creates a key for <paramref name="userId"/>: <paramref name="permissions"/> a non-empty subset of
    /// <see cref="ApiKeyPermissions.All"/>, <paramref name="ipAllowList"/> addresses and CIDR ranges (empty: any
    /// address; at most <see cref="IpAllowList.MaxEntries"/>), a label of 1 to <see cref="MaxLabelLength"/>
    /// printable characters. The plain secret is in the result once and never stored in the clear.
    /// </summary>
    public async Task<ApiKeyCreation> CreateAsync(long userId, string label, IEnumerable<string> permissions, IEnumerable<string>? ipAllowList,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        label = label.Trim();
        if (label.Length is 0 or > MaxLabelLength || label.Any(char.IsControl))
        {
            return ApiKeyCreation.Refused(ApiKeyErrors.InvalidLabel);
        }

        var requested = permissions.Select(p => p?.Trim() ?? "").ToList();
        if (requested.Count == 0 || requested.Any(p => !ApiKeyPermissions.All.Contains(p, StringComparer.Ordinal)))
        {
            return ApiKeyCreation.Refused(ApiKeyErrors.InvalidPermissions);
        }

        if (IpAllowList.Parse(ipAllowList ?? [], out var ipError) is not { } ips)
        {
            return ApiKeyCreation.Refused(ipError!);
        }

        if ((await _store.ListActiveAsync(userId, cancellationToken).ConfigureAwait(false)).Count >= MaxKeysPerUser)
        {
            return ApiKeyCreation.Refused(ApiKeyErrors.TooManyKeys);
        }

        var secret = RandomNumberGenerator.GetString(Alphabet, 64);
        var stored = new StoredApiKey(RandomNumberGenerator.GetString(Alphabet, 64), userId, label,
            [.. ApiKeyPermissions.All.Where(p => requested.Contains(p, StringComparer.Ordinal))], ips.Entries, _protector.Protect(secret),
            _time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!await _store.InsertAsync(stored, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("A new random API key collided with an existing one.");
        }

        var live = Live(stored);
        lock (_lock)
        {
            _keys = new Dictionary<string, LiveApiKey>(_keys, StringComparer.Ordinal) { [stored.ApiKey] = live };
        }

        return new ApiKeyCreation(live.Key, secret, null);
    }

    /// <summary>The user's active keys, oldest first, without secrets.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(long userId, CancellationToken cancellationToken) =>
        [.. (await _store.ListActiveAsync(userId, cancellationToken).ConfigureAwait(false)).Select(View)];

    /// <summary>
    /// Revokes <paramref name="apiKey"/> if it is <paramref name="userId"/>'s: it stops working at once in this
    /// process (within <see cref="RefreshInterval"/> in others) and its listenKeys and streams end. False for an
    /// unknown, already revoked or someone else's key alike.
    /// </summary>
    public async Task<bool> RevokeAsync(long userId, string apiKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        if (!await _store.RevokeAsync(userId, apiKey, _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Forget([apiKey]);
        return true;
    }

    /// <summary>
    /// Revokes every active key of <paramref name="userId"/> (support's "revoke all keys"): as <see cref="RevokeAsync"/>
    /// for each. Returns how many were revoked.
    /// </summary>
    public async Task<int> RevokeAllAsync(long userId, CancellationToken cancellationToken)
    {
        var revoked = await _store.RevokeAllAsync(userId, _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (revoked.Count > 0)
        {
            Forget(revoked);
        }

        return revoked.Count;
    }

    /// <summary>The user's keys, revoked ones included, newest first (never secrets), with when each was revoked.</summary>
    public async Task<IReadOnlyList<(ApiKey Key, long? RevokedAt)>> HistoryAsync(long userId, int limit, CancellationToken cancellationToken) =>
        [.. (await _store.ForUserAsync(userId, limit, cancellationToken).ConfigureAwait(false)).Select(k => (View(k), k.RevokedAt))];

    /// <summary>Whether <paramref name="userId"/>'s sign-in is frozen, so their keys are refused. Lock-free.</summary>
    public bool IsSuspended(long userId) => _suspended.Contains(userId);

    /// <summary>
    /// Suspends (or restores) every key of <paramref name="userId"/> in this process, after the freeze was stored. A
    /// suspension ends the listenKeys and streams opened with the keys; the keys themselves stay, for the unfreeze.
    /// </summary>
    public void SetSuspended(long userId, bool suspended)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _suspensions);
            var next = new HashSet<long>(_suspended);
            if (!(suspended ? next.Add(userId) : next.Remove(userId)))
            {
                return;
            }

            _suspended = next;
        }

        if (suspended)
        {
            EndStreamsOf([userId]);
        }
    }

    /// <summary>
    /// The active key, or null for an unknown or revoked one. Lock-free and synchronous unless it misses; a miss awaits
    /// a poll of the database (at most one per <see cref="MissRefreshInterval"/>).
    /// </summary>
    public ValueTask<LiveApiKey?> FindAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(apiKey, out var key))
        {
            return ValueTask.FromResult<LiveApiKey?>(key);
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var next = Volatile.Read(ref _nextMissRefresh);
        if (now < next || Interlocked.CompareExchange(ref _nextMissRefresh, now + (long)MissRefreshInterval.TotalMilliseconds, next) != next)
        {
            return ValueTask.FromResult<LiveApiKey?>(null);
        }

        return RefreshThenFindAsync(apiKey, cancellationToken);
    }

    private async ValueTask<LiveApiKey?> RefreshThenFindAsync(string apiKey, CancellationToken cancellationToken)
    {
        await RefreshQuietlyAsync(cancellationToken).ConfigureAwait(false);
        return _keys.GetValueOrDefault(apiKey);
    }

    /// <summary>Applies the keys other processes created or revoked since the last poll. One poll at a time.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var revocationsBefore = Interlocked.Read(ref _revocations);
            var suspensionsBefore = Interlocked.Read(ref _suspensions);
            var changes = await _store.ChangedSinceAsync(_refreshedFrom - (long)RefreshOverlap.TotalMilliseconds, cancellationToken).ConfigureAwait(false);
            var frozen = await _users.LoginFrozenAsync(cancellationToken).ConfigureAwait(false);
            var revoked = new List<LiveApiKey>();
            List<long>? newlySuspended = null;
            lock (_lock)
            {
                // Likewise a suspension changed here while the query ran wins over what the query read.
                if (Interlocked.Read(ref _suspensions) == suspensionsBefore && !_suspended.SetEquals(frozen))
                {
                    newlySuspended = [.. frozen.Where(id => !_suspended.Contains(id))];
                    _suspended = [.. frozen];
                }

                // A key revoked here while the query ran may still read as active in its rows: apply nothing this time
                // (the next poll re-reads from the same point) rather than bring it back.
                if (Interlocked.Read(ref _revocations) != revocationsBefore)
                {
                    return;
                }

                _refreshedFrom = started;
                var keys = _keys;
                Dictionary<string, LiveApiKey>? next = null;
                foreach (var change in changes)
                {
                    var known = keys.TryGetValue(change.ApiKey, out var live);
                    if (change.IsRevoked && known)
                    {
                        next ??= new Dictionary<string, LiveApiKey>(keys, StringComparer.Ordinal);
                        next.Remove(change.ApiKey);
                        revoked.Add(live!);
                    }
                    else if (!change.IsRevoked && !known && (next is null || !next.ContainsKey(change.ApiKey)))
                    {
                        next ??= new Dictionary<string, LiveApiKey>(keys, StringComparer.Ordinal);
                        next[change.ApiKey] = Live(change);
                    }
                }

                if (next is not null)
                {
                    _keys = next;
                }
            }

            foreach (var key in revoked)
            {
                key.Revoke();
            }

            if (newlySuspended is { Count: > 0 })
            {
                EndStreamsOf(newlySuspended);
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose()
    {
        _refresh?.Dispose();
        _refreshing.Dispose();
    }

    private void Forget(IEnumerable<string> apiKeys)
    {
        var revoked = new List<LiveApiKey>();
        lock (_lock)
        {
            Interlocked.Increment(ref _revocations);
            var next = new Dictionary<string, LiveApiKey>(_keys, StringComparer.Ordinal);
            foreach (var apiKey in apiKeys)
            {
                if (next.Remove(apiKey, out var live))
                {
                    revoked.Add(live);
                }
            }

            _keys = next;
        }

        foreach (var key in revoked)
        {
            key.Revoke();
        }
    }

    /// <summary>
    /// Ends the listenKeys and streams of the users' keys by firing their revocation, and caches fresh copies of the
    /// keys (a fired token cannot be reset), which <see cref="IsSuspended"/> refuses until the unfreeze.
    /// </summary>
    private void EndStreamsOf(IReadOnlyCollection<long> userIds)
    {
        var ended = new List<LiveApiKey>();
        lock (_lock)
        {
            var next = new Dictionary<string, LiveApiKey>(_keys, StringComparer.Ordinal);
            foreach (var (apiKey, live) in _keys)
            {
                if (userIds.Contains(live.Key.UserId))
                {
                    next[apiKey] = live.Renewed();
                    ended.Add(live);
                }
            }

            _keys = next;
        }

        foreach (var key in ended)
        {
            key.Revoke();
        }
    }

    private async Task RefreshQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            // The database being away must not take the server down; cached keys keep working and the next poll retries.
            LogRefreshFailed(_logger, exception);
        }
        catch (ObjectDisposedException)
        {
            // A timer tick that raced the store's disposal at shutdown.
        }
    }

    private LiveApiKey Live(StoredApiKey stored) => new(View(stored), IpAllowList.FromStored(stored.IpAllowList), stored.ProtectedSecret, _protector);

    private static ApiKey View(StoredApiKey stored) => new(stored.ApiKey, stored.UserId, stored.Label, stored.Permissions, stored.IpAllowList,
        DateTimeOffset.FromUnixTimeMilliseconds(stored.CreatedAt));

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Refreshing API keys from the identity database failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
