using System.Text.Json;

namespace Bourse.Server.Cli;

/// <summary>
/// The command line of an operator verb that works on a running server (<c>bourse users …</c>, <c>bourse adjustments
/// …</c>): positional arguments, <c>--name value</c> options and bare flags, the connection options every such verb
/// takes (<c>--server</c>, <c>--email</c>, <c>--otp</c>, the password from <c>BOURSE_PASSWORD</c> or standard input),
/// and the signed-in session the verb's action runs in. Exit codes: 0 done, 1 refused, 2 bad command line.
/// </summary>
public sealed class OperatorVerb
{
    public const string ConnectionUsage = """
          --server URL     the server, e.g. https://exchange.example.com
          --email EMAIL    the operator signing in
          --otp CODE       the authenticator code (else BOURSE_OTP)
        The password is read from BOURSE_PASSWORD, else from the first line of standard input.
        exit codes: 0 done, 1 refused (the problem is printed), 2 bad command line

        """;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private OperatorVerb(string name) => Name = name;

    /// <summary>The command, e.g. <c>bourse users</c>, for messages.</summary>
    public string Name { get; }

    public List<string> Positionals { get; } = [];

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>
    /// Reads <paramref name="args"/>: <paramref name="valued"/> options take the next argument, <paramref name="flags"/>
    /// stand alone; anything else starting with <c>-</c> is an error (null, with the message printed).
    /// </summary>
    public static OperatorVerb? Parse(string name, string[] args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags, string usage)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(valued);
        ArgumentNullException.ThrowIfNull(flags);
        var verb = new OperatorVerb(name);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--server" or "--email" or "--otp" || valued.Contains(arg))
            {
                if (i + 1 >= args.Length)
                {
                    return UsageError(name, $"{arg} needs a value", usage);
                }

                verb._options[arg] = args[++i];
            }
            else if (flags.Contains(arg))
            {
                verb._flags.Add(arg);
            }
            else if (arg.StartsWith('-'))
            {
                return UsageError(name, $"unexpected argument '{arg}'", usage);
            }
            else
            {
                verb.Positionals.Add(arg);
            }
        }

        return verb;
    }

    public static OperatorVerb? UsageError(string name, string message, string usage)
    {
        Console.Error.WriteLine($"{name}: {message}");
        Console.Error.Write(usage);
        return null;
    }

    /// <summary>Signs in to <c>--server</c> as <c>--email</c>, runs <paramref name="action"/>, signs out.</summary>
    public async Task<int> RunSignedInAsync(string usage, Func<OperatorClient, Task<OperatorResponse>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Option("--server") is not { } server || !Uri.TryCreate(server, UriKind.Absolute, out var baseAddress) || Option("--email") is not { } email)
        {
            UsageError(Name, "--server URL and --email are required", usage);
            return ExitCodes.Usage;
        }

        var password = OperatorClient.ReadPassword();
        if (string.IsNullOrEmpty(password))
        {
            UsageError(Name, "no password: set BOURSE_PASSWORD or write it to standard input", usage);
            return ExitCodes.Usage;
        }

        using var http = new HttpClient { BaseAddress = baseAddress };
        await using var client = new OperatorClient(http);
        try
        {
            if (await client.SignInAsync(email, password, Option("--otp") ?? Environment.GetEnvironmentVariable("BOURSE_OTP")).ConfigureAwait(false) is { } refused)
            {
                Console.Error.WriteLine($"{Name}: sign-in refused: {refused.Describe()}");
                return ExitCodes.Failure;
            }

            var answer = await action(client).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                Console.Error.WriteLine($"{Name}: refused: {answer.Describe()}");
                return ExitCodes.Failure;
            }

            if (answer.Body.ValueKind != JsonValueKind.Undefined)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(answer.Body, Indented));
            }

            return ExitCodes.Success;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"{Name}: cannot reach {server}: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
