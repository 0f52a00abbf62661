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
               bourse apikey [COMMAND] --help

        """;

    private const string Common = """
          --data-dir DIR        the server's data directory (default: data, relative to the working directory)
          --Section:Key VALUE   a setting, as the server takes it: the identity database's Bourse:Identity:Store:*
                                (else Bourse:Store:*) for PostgreSQL; environment variables work too
          -h, --help            print this help and exit

        exit codes: 0 done, 1 refused (the message says why), 2 bad command line

        """;

    /// <summary>Each command's help and the flags it takes (each with a value, as <c>--flag value</c> or <c>--flag=value</c>).</summary>
    private static readonly Dictionary<string, (string Help, string[] Flags)> Commands = new(StringComparer.Ordinal)
    {
        ["create"] = ("""
            usage: bourse apikey create --user ID [--label L] [--permissions read,trade,withdraw] [--ip 1.2.3.4,10.0.0.0/8] [--data-dir DIR]

            Creates an API key for user ID and prints the key and its secret (shown only now; stored encrypted).
              --user ID             the user the key acts for (a positive integer)
              --label L             a name for the key (default: cli)
              --permissions LIST    comma-separated: read, trade, withdraw (default: read,trade)
              --ip LIST             comma-separated addresses or CIDR networks the key may be used from (default: any)

            """ + Common, ["--user", "--label", "--permissions", "--ip", "--data-dir"]),
        ["list"] = ("""
            usage: bourse apikey list --user ID [--data-dir DIR]

            Prints user ID's active keys, one a line: key, created, permissions, IPs, label (never a secret).
              --user ID             the user whose keys to list

            """ + Common, ["--user", "--data-dir"]),
        ["revoke"] = ("""
            usage: bourse apikey revoke --user ID --key KEY [--data-dir DIR]

            Revokes user ID's active key KEY (exit code 1 for an unknown key or someone else's); its listenKeys and
            WebSocket API subscriptions end.
              --user ID             the key's user
              --key KEY             the API key to revoke

            """ + Common, ["--user", "--key", "--data-dir"]),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.FirstOrDefault();
        if (command is null or "-h" or "--help" or "help")
        {
            (command is null ? Console.Error : Console.Out).Write(Usage + Common);
            return command is null ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (!Commands.TryGetValue(command, out var known))
        {
            return Refuse($"unknown command '{command}'", Usage + Common);
        }

        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            Console.Out.Write(known.Help);
            return ExitCodes.Success;
        }

        if (CommandLine.ReadCommand(args.AsSpan(1), known.Flags, out var values, out var settings) is { } error)
        {
            return Refuse(error, known.Help);
        }

        if (!long.TryParse(values.GetValueOrDefault("--user"), NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || userId <= 0)
        {
            return Refuse("--user needs a positive user id", known.Help);
        }

        if (command == "revoke" && string.IsNullOrEmpty(values.GetValueOrDefault("--key")))
        {
            return Refuse("revoke needs --key", known.Help);
        }

        string dataDirectory;
        try
        {
            dataDirectory = DataDirectory.Prepare(values.GetValueOrDefault("--data-dir") ?? "data");
        }
        catch (StartRefusedException refused)
        {
            Console.Error.WriteLine($"bourse apikey: {refused.Message}");
            return ExitCodes.Failure;
        }

        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings)
            .Build();
        var store = IdentityStoreOptions.From(configuration);
        using var database = IdentityDatabase.Open(store.Provider, store.ConnectionString, dataDirectory);
        using var keys = new ApiKeyStore(new SqlApiKeys(database), Protection.For(dataDirectory), dataDirectory, TimeProvider.System, watch: false);
        return command switch
        {
            "create" => await CreateAsync(keys, new SqlUsers(database), userId, values.GetValueOrDefault("--label") ?? "cli",
                List(values.GetValueOrDefault("--permissions") ?? "read,trade"), List(values.GetValueOrDefault("--ip") ?? "")).ConfigureAwait(false),
            "list" => await ListKeysAsync(keys, userId).ConfigureAwait(false),
            _ => await RevokeAsync(keys, userId, values["--key"]).ConfigureAwait(false),
        };
    }

    private static int Refuse(string error, string usage)
    {
        Console.Error.WriteLine($"bourse apikey: {error}");
        Console.Error.Write(usage);
        return ExitCodes.Usage;
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
