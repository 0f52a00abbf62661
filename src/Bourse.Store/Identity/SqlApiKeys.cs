using System.Data.Common;

namespace Bourse.Store.Identity;

/// <summary>
/// The <c>api_keys</c> table. Every change is keyed by the owner as well as the key, so one user can never list or
/// revoke another's keys whatever key string they send. Permissions and the IP allow-list are stored as
/// comma-separated text (neither value can contain a comma). <see cref="ChangedSinceAsync"/> lets a process that caches
/// keys pick up keys created and revoked by other processes (the CLI, another server) from the creation and
/// revocation times. The server's request paths use the async calls; the synchronous ones remain for start-up
/// and the command line.
/// </summary>
public sealed class SqlApiKeys(IdentityDatabase database)
{
    public IdentityDatabase Database => database;

    private const string Columns = "api_key, user_id, label, permissions, ip_allow_list, protected_secret, created_at, revoked_at";

    /// <summary>Adds a key; false (and nothing changed) when the key string already exists.</summary>
    public bool Insert(StoredApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var connection = database.Dialect.Open();
        using var insert = new SqlStatement(connection, null, $"""
            INSERT INTO api_keys ({Columns})
            VALUES (@key, @user, @label, @permissions, @ips, @secret, @created, @revoked)
            ON CONFLICT (api_key) DO NOTHING
            """);
        return insert.Set("@key", key.ApiKey).Set("@user", key.UserId).Set("@label", key.Label)
            .Set("@permissions", string.Join(',', key.Permissions)).Set("@ips", string.Join(',', key.IpAllowList))
            .Set("@secret", key.ProtectedSecret).Set("@created", key.CreatedAt).Set("@revoked", key.RevokedAt).Execute() == 1;
    }

    /// <summary>Adds a key; false (and nothing changed) when the key string already exists.</summary>
    public async Task<bool> InsertAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await database.ExecuteAsync($"""
            INSERT INTO api_keys ({Columns})
            VALUES (@key, @user, @label, @permissions, @ips, @secret, @created, @revoked)
            ON CONFLICT (api_key) DO NOTHING
            """, cancellationToken, ("@key", key.ApiKey), ("@user", key.UserId), ("@label", key.Label), ("@permissions", string.Join(',', key.Permissions)),
            ("@ips", string.Join(',', key.IpAllowList)), ("@secret", key.ProtectedSecret), ("@created", key.CreatedAt), ("@revoked", key.RevokedAt))
            .ConfigureAwait(false) == 1;
    }

    /// <summary>The user's keys that are not revoked, oldest first.</summary>
    public async Task<IReadOnlyList<StoredApiKey>> ListActiveAsync(long userId, CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM api_keys WHERE user_id = @user AND revoked_at IS NULL ORDER BY created_at, api_key", Row,
            cancellationToken, ("@user", userId)).ConfigureAwait(false);

    /// <summary>Every key that is not revoked: what a process loads at start.</summary>
    public IReadOnlyList<StoredApiKey> AllActive() =>
        Query($"SELECT {Columns} FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at, api_key");

    /// <summary>The key, revoked or not, or null when there is no such key.</summary>
    public StoredApiKey? Find(string apiKey) =>
        Query($"SELECT {Columns} FROM api_keys WHERE api_key = @key", ("@key", apiKey)).SingleOrDefault();

    /// <summary>
    /// Revokes the key if it is <paramref name="userId"/>'s and still active. False for an unknown key, someone
    /// else's key and an already revoked one alike, so the answer tells a caller nothing about other users' keys.
    /// </summary>
    public async Task<bool> RevokeAsync(long userId, string apiKey, long revokedAt, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("UPDATE api_keys SET revoked_at = @at WHERE api_key = @key AND user_id = @user AND revoked_at IS NULL", cancellationToken,
            ("@at", revokedAt), ("@key", apiKey), ("@user", userId)).ConfigureAwait(false) == 1;

    /// <summary>Revokes every active key of <paramref name="userId"/>; returns the keys revoked.</summary>
    public async Task<IReadOnlyList<string>> RevokeAllAsync(long userId, long revokedAt, CancellationToken cancellationToken) =>
        await database.QueryAsync("UPDATE api_keys SET revoked_at = @at WHERE user_id = @user AND revoked_at IS NULL RETURNING api_key", r => r.GetString(0),
            cancellationToken, ("@at", revokedAt), ("@user", userId)).ConfigureAwait(false);

    /// <summary>The user's keys, revoked ones included, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<StoredApiKey>> ForUserAsync(long userId, int limit, CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM api_keys WHERE user_id = @user ORDER BY created_at DESC, api_key LIMIT @limit", Row,
            cancellationToken, ("@user", userId), ("@limit", limit)).ConfigureAwait(false);

    /// <summary>Keys created or revoked at or after <paramref name="since"/> (Unix ms), in creation order.</summary>
    public async Task<IReadOnlyList<StoredApiKey>> ChangedSinceAsync(long since, CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM api_keys WHERE created_at >= @since OR revoked_at >= @since ORDER BY created_at, api_key", Row,
            cancellationToken, ("@since", since)).ConfigureAwait(false);

    private List<StoredApiKey> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = database.Dialect.Open();
        using var select = new SqlStatement(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            select.Set(name, value);
        }

        using var reader = select.Read();
        var keys = new List<StoredApiKey>();
        while (reader.Read())
        {
            keys.Add(Row(reader));
        }

        return keys;
    }

    private static StoredApiKey Row(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetString(2),
        Split(reader.GetString(3)),
        Split(reader.GetString(4)),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.IsDBNull(7) ? null : reader.GetInt64(7));

    private static string[] Split(string joined) => joined.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
