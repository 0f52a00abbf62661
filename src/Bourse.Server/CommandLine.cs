using System.Reflection;

namespace Bourse.Server;

/// <summary>What the server's command line asked for: to run with these configuration arguments, help, the version, or nothing valid.</summary>
/// <param name="Arguments">The flags as ASP.NET Core's command-line configuration provider takes them (<c>--Section:Key=value</c>).</param>
/// <param name="Error">Why the command line is not valid (an unknown flag, a flag without its value), or null.</param>
public sealed record ServerCommandLine(string[] Arguments, bool Help, bool Version, string? Error);

/// <summary>
/// The server's command line: the documented flags turned into configuration keys, any setting as
/// <c>--Section:Key value</c>, <c>--help</c> and <c>--version</c>; anything else is refused with the usage. A hand
/// parser rather than System.CommandLine: beside its few flags the server takes every configuration key as a flag,
/// which a parser of declared options would have to let through unchecked anyway.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        usage: bourse [options]                      run the exchange
               bourse apikey create|list|revoke ...  manage API keys (bourse apikey --help)
               bourse admin create|list ...          manage operator accounts (bourse admin --help)
               bourse audit verify [--data-dir D]    check the operator audit log's hash chain
               bourse listing plan|apply FILE ...    show and apply a listing document (bourse listing --help)
               bourse users freeze|unfreeze ID ...   freeze or unfreeze a user (bourse users --help)
               bourse adjustments list|propose|approve|reject ...  balance adjustments under four eyes
               bourse --help | --version

        options:
          --data-dir PATH         the command log, snapshots, databases and keys (default: data, relative to the working
                                  directory). Created owner-only (0700); refused when group or others can read it, or
                                  while another bourse process uses it
          --demo                  seed demo markets, traders and a market maker into an empty exchange (--demo false: off)
          --urls URLS             where the APIs and the web UI listen, ';'-separated (default http://127.0.0.1:8080)
          --management-urls URLS  where /metrics and /health/* listen for operators, ';'-separated
                                  (default http://127.0.0.1:9464; empty: no management listener)
          --roles all             the engine roles this process runs (only "all" for now)
          --environment NAME      the ASP.NET Core environment (default Production)
          --Section:Key VALUE     any setting of docs/operations.md, e.g. --Bourse:Store:Provider postgres or
                                  --Logging:LogLevel:Default=Debug
          -h, --help              print this help and exit
          --version               print the version and exit

        Settings come from appsettings.json next to the binary, then environment variables (Bourse__DataDirectory=...,
        double underscore for ':'), then these flags.

        exit codes: 0 stopped cleanly, 1 failed (the log says why), 2 bad command line, 3 data directory in use by
        another process, 4 data directory open to other users

        """;

    /// <summary>The documented flags and the configuration key each sets.</summary>
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = "Bourse:DataDirectory",
        ["--demo"] = "Bourse:Demo",
        ["--roles"] = "Bourse:Roles",
        ["--urls"] = "urls",
        ["--management-urls"] = "Bourse:Management:Urls",
        ["--environment"] = "environment",
    };

    /// <summary>ASP.NET Core's own settings without a section that a flag may name, beside any <c>Section:Key</c>.</summary>
    private static readonly HashSet<string> HostSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "urls", "environment", "http_ports", "https_ports", "AllowedHosts", "OTEL_EXPORTER_OTLP_ENDPOINT",
    };

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CommandLine).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Reads the command line: <c>--data-dir X</c> becomes <c>--Bourse:DataDirectory=X</c>, a bare <c>--demo</c>
    /// <c>--Bourse:Demo=true</c>, <c>--Section:Key value</c> <c>--Section:Key=value</c>; help wins over an error.
    /// </summary>
    public static ServerCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>();
        bool help = false, version = false;
        string? error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?" || (i == 0 && arg == "help"))
            {
                help = true;
                continue;
            }

            if (arg == "--version")
            {
                version = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                error ??= i == 0 && !arg.StartsWith('-') ? $"unknown command '{arg}'" : $"unexpected argument '{arg}'";
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (!Switches.TryGetValue(name, out var key))
            {
                key = name[2..];
                if (!key.Contains(':', StringComparison.Ordinal) && !HostSettings.Contains(key))
                {
                    error ??= $"unknown option '{name}'";
                    continue;
                }
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (key == "Bourse:Demo")
            {
                // A bare --demo means on; --demo true / --demo false say so.
                value = i + 1 < args.Count && bool.TryParse(args[i + 1], out _) ? args[++i] : "true";
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                error ??= $"option '{name}' needs a value";
                continue;
            }

            result.Add($"--{key}={value}");
        }

        return new ServerCommandLine([.. result], help, version, error);
    }

    /// <summary>
    /// A subcommand's arguments (<c>bourse apikey …</c>, <c>bourse admin …</c>): its own flags, each with a value
    /// (<c>--flag value</c> or <c>--flag=value</c>), and <c>--Section:Key value</c> settings as the server takes them.
    /// Returns why the arguments are not valid, or null.
    /// </summary>
    public static string? ReadCommand(ReadOnlySpan<string> args, string[] flags, out Dictionary<string, string> values, out Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(flags);
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return $"unexpected argument '{arg}'";
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var isSetting = name.Contains(':', StringComparison.Ordinal);
            if (!isSetting && !flags.Contains(name, StringComparer.Ordinal))
            {
                return $"unknown option '{name}'";
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                return $"option '{name}' needs a value";
            }

            if (isSetting)
            {
                settings[name[2..]] = value;
            }
            else
            {
                values[name] = value;
            }
        }

        return null;
    }

    /// <summary>The configuration arguments of a valid command line (as <see cref="Parse"/>); throws on an invalid one.</summary>
    public static string[] Normalize(string[] args) =>
        Parse(args) is { Error: null } parsed ? parsed.Arguments : throw new ArgumentException(Parse(args).Error, nameof(args));
}
