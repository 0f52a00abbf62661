using System.Globalization;
using System.Text.Json;
using Bourse.Identity;
using Bourse.Identity.Operators;
using Bourse.Server.Http;
using Bourse.Store.Identity;

namespace Bourse.Server.Operators;

/// <summary>
/// <c>bourse admin create|list</c> and <c>bourse audit verify</c>, run on the server's machine against its identity
/// database (identity.db in <c>--data-dir</c>, or <c>Bourse:Identity:Store:*</c> / <c>Bourse:Store:*</c> for
/// PostgreSQL), with the server running or not. The first admin is made this way: there is no default password.
/// </summary>
public static class OperatorCommand
{
    private const string Usage = """
        usage: bourse admin create --email E [--roles admin,...] [--data-dir DIR]
               bourse admin list [--data-dir DIR]
               bourse audit verify [--data-dir DIR]
               bourse admin|audit [COMMAND] --help

        """;

    private const string Common = """
          --data-dir DIR        the server's data directory (default: data, relative to the working directory)
          --Section:Key VALUE   a setting, as the server takes it: the identity database's Bourse:Identity:Store:*
                                (else Bourse:Store:*) for PostgreSQL, Bourse:PublicUrl for links; environment variables work too
          -h, --help            print this help and exit

        """;

    /// <summary>Each command's help and the flags it takes.</summary>
    private static readonly Dictionary<string, (string Help, string[] Flags)> Commands = new(StringComparer.Ordinal)
    {
        ["admin create"] = ("""
            usage: bourse admin create --email E [--roles admin,...] [--data-dir DIR]

            Makes E an operator with the roles (default: admin; any of support, compliance, treasury, listing, admin),
            creating the account if missing (email verified, 2FA required, no usable password), and prints a one-time
            setup link (valid 24 h): open it to choose a password, then sign in and enroll 2FA. Running it again for
            the same email sets its roles, enables it again and voids the earlier link.
              --email E             the operator's email
              --roles LIST          comma-separated roles (default: admin)

            """ + Common + "exit codes: 0 created, 1 refused (the message says why), 2 bad command line\n", ["--email", "--roles", "--data-dir"]),
        ["admin list"] = ("""
            usage: bourse admin list [--data-dir DIR]

            Prints every operator, one a line: user id, email, roles, active or disabled, created (UTC).

            """ + Common + "exit codes: 0 done, 2 bad command line\n", ["--data-dir"]),
        ["audit verify"] = ("""
            usage: bourse audit verify [--data-dir DIR]

            Walks the operator audit log's hash chain and reports the first broken link (an entry altered, or one removed
            before it).

            """ + Common + "exit codes: 0 intact, 1 broken (the first broken entry is named), 2 bad command line\n", ["--data-dir"]),
    };

    /// <summary>Runs <c>admin …</c> or <c>audit …</c> (<paramref name="args"/> starts with the group's name).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var group = args[0];
        var command = args.ElementAtOrDefault(1);
        if (command is null or "-h" or "--help" or "help")
        {
            (command is null ? Console.Error : Console.Out).Write(Usage + Common);
            return command is null ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (!Commands.TryGetValue($"{group} {command}", out var known))
        {
            return Refuse(group, $"unknown command '{command}'", Usage + Common);
        }

        if (args.Skip(2).Any(a => a is "-h" or "--help"))
        {
            Console.Out.Write(known.Help);
            return ExitCodes.Success;
        }

        if (CommandLine.ReadCommand(args.AsSpan(2), known.Flags, out var values, out var settings) is { } error)
        {
            return Refuse(group, error, known.Help);
        }

        if (command == "create" && string.IsNullOrWhiteSpace(values.GetValueOrDefault("--email")))
        {
            return Refuse(group, "create needs --email", known.Help);
        }

        string dataDirectory;
        try
        {
            dataDirectory = DataDirectory.Prepare(values.GetValueOrDefault("--data-dir") ?? "data");
        }
        catch (StartRefusedException refused)
        {
            Console.Error.WriteLine($"bourse {group}: {refused.Message}");
            return ExitCodes.Failure;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings)
            .Build();
        var store = IdentityStoreOptions.From(configuration);
        using var database = IdentityDatabase.Open(store.Provider, store.ConnectionString, dataDirectory);
        return command switch
        {
            "create" => await CreateAsync(database, configuration, values["--email"], values.GetValueOrDefault("--roles") ?? OperatorRoles.Admin).ConfigureAwait(false),
            "list" => await ListAsync(database).ConfigureAwait(false),
            _ => await VerifyAsync(database).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// What <c>bourse admin create</c> does, for the command and for hosts that run it in process (tests): makes the
    /// operator and records it in the operator audit log as done on the server's machine (operator 0).
    /// </summary>
    public static async Task<Outcome<OperatorCreated>> CreateOperatorAsync(OperatorAccounts operators, IOperatorAuditLog audit, TimeProvider time,
        string email, IReadOnlyList<string> roles, string linkBase)
    {
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var created = await operators.CreateAsync(email, roles, null, linkBase, ClientInfo.Of("local", "bourse admin create")).ConfigureAwait(false);
        if (created.Value is { } value)
        {
            await audit.AddAsync(new OperatorAction(0, string.Empty, "operator.create", "operator", value.UserId.ToString(CultureInfo.InvariantCulture),
                null, JsonSerializer.Serialize(new { email = value.Email, roles = value.Roles }, PlatformJson.Options), "bourse admin create", "local",
                time.GetUtcNow().ToUnixTimeMilliseconds()), CancellationToken.None).ConfigureAwait(false);
        }

        return created;
    }

    private static async Task<int> CreateAsync(IdentityDatabase database, IConfiguration configuration, string email, string roles)
    {
        var time = TimeProvider.System;
        var identity = configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        var operators = new OperatorAccounts(new SqlUsers(database), new SqlOperators(database), new SqlSessions(database), new SqlEmailTokens(database),
            new SqlAuditLog(database), new PasswordHashing(), time);
        var created = await CreateOperatorAsync(operators, new SqlOperatorAuditLog(database), time, email,
            roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), PlatformOperatorsApi.LinkBase(configuration, identity))
            .ConfigureAwait(false);
        if (created.Error is { } error)
        {
            Console.Error.WriteLine($"bourse admin: not created: {error.Detail}");
            return ExitCodes.Failure;
        }

        var value = created.Value!;
        Console.WriteLine($"operator {value.UserId} {value.Email}, roles {string.Join(",", value.Roles)} (2FA required)");
        Console.WriteLine($"setup link (works once, for {OperatorAccounts.SetupLifetime.TotalHours:0} hours): {value.SetupLink}");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(IdentityDatabase database)
    {
        var users = new SqlUsers(database);
        foreach (var record in await new SqlOperators(database).ListAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var user = await users.FindAsync(record.UserId, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(string.Join('\t', record.UserId.ToString(CultureInfo.InvariantCulture), user?.Email ?? "?", string.Join(",", record.Roles),
                record.Active ? "active" : "disabled", DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAt).ToString("u", CultureInfo.InvariantCulture)));
        }

        return ExitCodes.Success;
    }

    private static async Task<int> VerifyAsync(IdentityDatabase database)
    {
        var result = await new SqlOperatorAuditLog(database).VerifyAsync(CancellationToken.None).ConfigureAwait(false);
        (result.Intact ? Console.Out : Console.Error).WriteLine(result.Intact ? $"intact: {result.Detail}" : $"broken at entry {result.FirstBrokenId}: {result.Detail}");
        return result.Intact ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static int Refuse(string group, string error, string usage)
    {
        Console.Error.WriteLine($"bourse {group}: {error}");
        Console.Error.Write(usage);
        return ExitCodes.Usage;
    }
}
