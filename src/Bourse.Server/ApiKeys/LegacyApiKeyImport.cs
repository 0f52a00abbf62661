using System.Text.Json;
using Bourse.Store.Identity;

namespace Bourse.Server.ApiKeys;

/// <summary>
/// Brings the keys of <c>&lt;data&gt;/api-keys.json</c> (where keys lived before the identity database) into the
/// database once, then renames the file to <c>api-keys.json.imported</c>. The encrypted secrets move as they are:
/// the same Data Protection keys and purpose decrypt them. Imported keys allow every IP, as they did before.
/// </summary>
public static class LegacyApiKeyImport
{
    public const string FileName = "api-keys.json";

    /// <summary>Imports the file if there is one; returns how many keys were added (keys already present are skipped).</summary>
    public static int Run(string dataDirectory, SqlApiKeys store, SqlUsers users)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(users);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        var imported = 0;
        foreach (var key in JsonSerializer.Deserialize<List<LegacyApiKey>>(File.ReadAllText(path)) ?? [])
        {
            var permissions = ApiKeyPermissions.All.Where(p => key.Permissions.Contains(p, StringComparer.Ordinal)).ToArray();
            if (store.Insert(new StoredApiKey(key.Key, key.UserId, key.Label, permissions, [], key.ProtectedSecret, key.CreatedAt.ToUnixTimeMilliseconds())))
            {
                imported++;
            }

            // These users predate accounts: no sign-up may inherit their ids (and their keys and funds).
            users.ReserveIdsThrough(key.UserId);
        }

        try
        {
            File.Move(path, path + ".imported", overwrite: true);
            // It holds the keys' encrypted secrets, and was written readable by all before the data directory was private.
            DataDirectory.RestrictFile(path + ".imported");
        }
        catch (FileNotFoundException)
        {
            // Another process (the server and a CLI command starting together) imported and renamed it first.
        }

        return imported;
    }

    private sealed record LegacyApiKey(string Key, long UserId, string Label, string[] Permissions, string ProtectedSecret, DateTimeOffset CreatedAt);
}
