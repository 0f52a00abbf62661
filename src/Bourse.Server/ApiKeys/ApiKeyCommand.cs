using System.Globalization;
using Bourse.Store.Identity;

namespace Bourse.Server.ApiKeys;

/// <summary>
/// <c>bourse apikey create|list|revoke</c>: manages API keys in the identity database from the command line, with
/// the server running or not (a running server sees a revocation within a second). The database is the one the
/// server uses (<see cref="IdentityStoreOptions"/>): identity.db in <c>--data-dir</c> for SQLite, or
/// <c>Bourse:Identity:Store:*</c> (else <c>Bourse:Store:*</c>) from the environment (<c>Bourse__Identity__Store__Provider</c>)
/// or the command line.
/// </summary>
public static class ApiKeyCommand
{
    private const string Usage = """
        usage: bourse apikey create --user ID [--label L] [--permissions read,trade,withdraw] [--ip 1.2.3.4,10.0.0.0/8] [--data-dir DIR]
               bourse apikey list --user ID [--data-dir DIR]
               bourse apikey revoke --user ID --key KEY [--data-dir DIR]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var command = args.FirstOrDefault();
        if (command is not ("create" or "list" or "revoke") || !long.TryParse(Value("--user"), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || userId <= 0 || (command == "revoke" && string.IsNullOrEmpty(Value("--key"))))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var dataDirectory = Path.GetFullPath(Value("--data-dir") ?? "data");
        Directory.CreateDirectory(dataDirectory);
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(ConfigurationArguments(args))
            .Build();
        var store = IdentityStoreOptions.From(configuration);
        using var database = IdentityDatabase.Open(store.Provider, store.ConnectionString, dataDirectory);
        using var keys = new ApiKeyStore(new SqlApiKeys(database), Protection.For(dataDirectory), dataDirectory, TimeProvider.System, watch: false);
        return command switch
        {
            "create" => await CreateAsync(keys, new SqlUsers(database), userId, Value("--label") ?? "cli", List(Value("--permissions") ?? "read,trade"),
                List(Value("--ip") ?? "")).ConfigureAwait(false),
            "list" => await ListKeysAsync(keys, userId).ConfigureAwait(false),
            _ => await RevokeAsync(keys, userId, Value("--key")!).ConfigureAwait(false),
        };
    }

    /// <summary>The <c>--Bourse:Section:Key value</c> (or <c>=value</c>) arguments, as the server takes them.</summary>
    private static Dictionary<string, string?> ConfigurationArguments(string[] args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--Bourse:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var pair = args[i][2..].Split('=', 2);
            settings[pair[0]] = pair.Length == 2 ? pair[1] : i + 1 < args.Length ? args[++i] : null;
        }

        return settings;
    }

    private static string[] List(string commaSeparated) =>
        commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<int> CreateAsync(ApiKeyStore keys, SqlUsers users, long userId, string label, string[] permissions, string[] ips)
    {
        var created = await keys.CreateAsync(userId, label, permissions, ips, CancellationToken.None).ConfigureAwait(false);
        if (created.Error is { } error)
        {
            Console.Error.WriteLine($"not created: {error}");
            return 1;
        }

        // The key's user may have no account (a bot run by the operator): no later sign-up may be given its id.
        users.ReserveIdsThrough(userId);

        var key = created.Key!;
        Console.WriteLine($"apiKey:    {key.Key}");
        Console.WriteLine($"secretKey: {created.Secret}");
        Console.WriteLine($"user {userId}, permissions {string.Join(",", key.Permissions)}, "
            + $"IPs {(key.IpAllowList.Count == 0 ? "any" : string.Join(",", key.IpAllowList))} (the secret is shown only now)");
        return 0;
    }

    private static async Task<int> ListKeysAsync(ApiKeyStore keys, long userId)
    {
        foreach (var key in await keys.ListAsync(userId, CancellationToken.None).ConfigureAwait(false))
        {
            Console.WriteLine(string.Join('\t', key.Key, key.CreatedAt.ToString("u", CultureInfo.InvariantCulture), string.Join(",", key.Permissions),
                key.IpAllowList.Count == 0 ? "any" : string.Join(",", key.IpAllowList), key.Label));
        }

        return 0;
    }

    private static async Task<int> RevokeAsync(ApiKeyStore keys, long userId, string apiKey)
    {
        if (!await keys.RevokeAsync(userId, apiKey, CancellationToken.None).ConfigureAwait(false))
        {
            Console.Error.WriteLine($"user {userId} has no active key {apiKey}");
            return 1;
        }

        Console.WriteLine($"revoked {apiKey}");
        return 0;
    }
}
