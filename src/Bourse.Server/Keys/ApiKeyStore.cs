using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Server.Keys;

/// <summary>
/// API keys in <c>&lt;data&gt;/api-keys.json</c>, secrets encrypted with ASP.NET Core Data Protection (keys in
/// <c>&lt;data&gt;/protection-keys</c>). A stopgap until keys live in the SQL store with the accounts capability; the
/// file may be written by the <c>apikey create</c> command while the server runs, so a miss re-reads it.
/// </summary>
public sealed class ApiKeyStore
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _path;
    private readonly IDataProtector _protector;
    private readonly Lock _lock = new();
    private Dictionary<string, ApiKey> _keys = new(StringComparer.Ordinal);
    private DateTime _loadedWriteTime;

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
            _keys[key.Key] = key;
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
        ApiKey? key;
        lock (_lock)
        {
            if (!_keys.TryGetValue(apiKey, out key) && File.Exists(_path) && File.GetLastWriteTimeUtc(_path) != _loadedWriteTime)
            {
                Reload();
                _keys.TryGetValue(apiKey, out key);
            }
        }

        return key is null ? null : (key, _protector.Unprotect(key.ProtectedSecret));
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
