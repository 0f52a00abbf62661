using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Server.Keys;

/// <summary>
/// API keys in <c>&lt;data&gt;/api-keys.json</c>, secrets encrypted with ASP.NET Core Data Protection (keys in
/// <c>&lt;data&gt;/protection-keys</c>). A stopgap until keys live in the SQL store with the accounts capability; the
/// file may be written by the <c>apikey create</c> command while the server runs, so a miss re-reads it. Lookups read
/// an immutable snapshot without a lock, and a secret is decrypted once per process: HMAC needs it in memory anyway,
/// and decrypting on every signed request cost more than the rest of the request.
/// </summary>
public sealed class ApiKeyStore
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _path;
    private readonly IDataProtector _protector;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private volatile Dictionary<string, ApiKey> _keys = new(StringComparer.Ordinal);
    private DateTime _loadedWriteTime;
    private long _nextFileCheck;

    public ApiKeyStore(string dataDirectory, IDataProtectionProvider protection)
    {
        _path = Path.Combine(dataDirectory, "api-keys.json");
        _protector = protection.CreateProtector("Bourse.ApiKeys.v1");
        Reload();
    }

    /// <summary>Creates a key; the plain secret is returned once and never stored in the clear.</summary>
    public (ApiKey Key, string Secret) Create(long userId, string label, string[] permissions)
    {
        var secret = RandomNumberGenerator.GetString(Alphabet, 64);
        var key = new ApiKey(RandomNumberGenerator.GetString(Alphabet, 64), userId, label, permissions, _protector.Protect(secret),
            DateTimeOffset.UtcNow);
        lock (_lock)
        {
            Reload();
            _keys = new Dictionary<string, ApiKey>(_keys, StringComparer.Ordinal) { [key.Key] = key };
            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(_keys.Values.OrderBy(k => k.CreatedAt).ToList(), Json));
            File.Move(temporary, _path, overwrite: true);
            _loadedWriteTime = File.GetLastWriteTimeUtc(_path);
        }

        return (key, secret);
    }

    /// <summary>The key and its plain secret, or null for an unknown key.</summary>
    public (ApiKey Key, string Secret)? Find(string apiKey)
    {
        if (!_keys.TryGetValue(apiKey, out var key))
        {
            // A flood of unknown keys must not turn into a flood of file checks: look at most every 250 ms.
            var now = Environment.TickCount64;
            if (now >= Volatile.Read(ref _nextFileCheck))
            {
                lock (_lock)
                {
                    Volatile.Write(ref _nextFileCheck, now + 250);
                    if (File.Exists(_path) && File.GetLastWriteTimeUtc(_path) != _loadedWriteTime)
                    {
                        Reload();
                    }
                }
            }

            if (!_keys.TryGetValue(apiKey, out key))
            {
                return null;
            }
        }

        var found = key;
        return (found, _secrets.GetOrAdd(found.Key, _ => _protector.Unprotect(found.ProtectedSecret)));
    }

    private void Reload()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var keys = JsonSerializer.Deserialize<List<ApiKey>>(File.ReadAllText(_path)) ?? [];
        _keys = keys.ToDictionary(k => k.Key, StringComparer.Ordinal);
        _loadedWriteTime = File.GetLastWriteTimeUtc(_path);
    }
}
