using System.Text.Json;
using Bourse.Server.Cli;

namespace Bourse.Server.Listing;

/// <summary>
/// <c>bourse listing plan|apply FILE</c>: shows what a listing document changes on a running server, as a diff, and
/// applies it (unless <c>--dry-run</c> or <c>plan</c>), signed in as an operator over the admin API.
/// </summary>
public static class ListingCommand
{
    public const string Usage = """
        usage: bourse listing apply FILE [--dry-run] --server URL --email EMAIL [--otp CODE]
               bourse listing plan FILE --server URL --email EMAIL [--otp CODE]

        Shows what the listing document FILE (JSON, docs/operations.md "Listing") changes on the running server, as a
        diff, then applies it (not with --dry-run or plan). A second apply of the same file changes nothing.
          --server URL     the server, e.g. https://exchange.example.com
          --email EMAIL    an operator with the listing role
          --otp CODE       the authenticator code (else BOURSE_OTP)
          --dry-run        plan only
        The password is read from BOURSE_PASSWORD, else from the first line of standard input.

        exit codes: 0 done, 1 refused (the problem is printed), 2 bad command line

        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            (args.Length == 0 ? Console.Error : Console.Out).Write(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        string? verb = args[0], file = null, server = null, email = null, otp = Environment.GetEnvironmentVariable("BOURSE_OTP");
        var dryRun = verb == "plan";
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--server" when i + 1 < args.Length:
                    server = args[++i];
                    break;
                case "--email" when i + 1 < args.Length:
                    email = args[++i];
                    break;
                case "--otp" when i + 1 < args.Length:
                    otp = args[++i];
                    break;
                case var positional when !positional.StartsWith('-') && file is null:
                    file = positional;
                    break;
                default:
                    return UsageError($"unexpected argument '{args[i]}'");
            }
        }

        if (verb is not ("apply" or "plan") || file is null || server is null || email is null
            || !Uri.TryCreate(server, UriKind.Absolute, out var baseAddress))
        {
            return UsageError(verb is not ("apply" or "plan") ? $"unknown command '{verb}'" : "FILE, --server URL and --email are required");
        }

        string document;
        try
        {
            document = await File.ReadAllTextAsync(file).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bourse listing: cannot read {file}: {e.Message}");
            return ExitCodes.Failure;
        }

        var password = OperatorClient.ReadPassword();
        if (string.IsNullOrEmpty(password))
        {
            return UsageError("no password: set BOURSE_PASSWORD or write it to standard input");
        }

        using var http = new HttpClient { BaseAddress = baseAddress };
        await using var client = new OperatorClient(http);
        try
        {
            if (await client.SignInAsync(email, password, otp).ConfigureAwait(false) is { } refused)
            {
                Console.Error.WriteLine($"bourse listing: sign-in refused: {refused.Describe()}");
                return ExitCodes.Failure;
            }

            var plan = await client.PostAsync("/api/v1/admin/listing/plan", document).ConfigureAwait(false);
            if (!plan.IsSuccess)
            {
                return Refused(plan);
            }

            Print(plan.Body, dryRun ? "would change" : "changes");
            if (dryRun || plan.Body.GetProperty("changes").GetArrayLength() == 0)
            {
                return ExitCodes.Success;
            }

            var applied = await client.PostAsync("/api/v1/admin/listing/apply", document).ConfigureAwait(false);
            if (!applied.IsSuccess)
            {
                return Refused(applied);
            }

            Console.Out.WriteLine($"applied {applied.Body.GetProperty("changes").GetArrayLength()} change(s)");
            return ExitCodes.Success;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"bourse listing: cannot reach {server}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"bourse listing: {message}");
        Console.Error.Write(Usage);
        return ExitCodes.Usage;
    }

    private static int Refused(OperatorResponse response)
    {
        Console.Error.WriteLine($"bourse listing: refused: {response.Describe()}");
        if (response.Body.ValueKind == JsonValueKind.Object && response.Body.TryGetProperty("errors", out var errors))
        {
            foreach (var error in errors.EnumerateArray())
            {
                Console.Error.WriteLine($"  {error.GetProperty("entry").GetString()}: {error.GetProperty("detail").GetString()}");
            }
        }

        return ExitCodes.Failure;
    }

    /// <summary>The plan as a diff: + created, ~ changed with each changed field, and how much was already as written.</summary>
    private static void Print(JsonElement plan, string heading)
    {
        var changes = plan.GetProperty("changes").EnumerateArray().ToList();
        Console.Out.WriteLine(changes.Count == 0 ? "no changes" : $"{heading}:");
        foreach (var change in changes)
        {
            var kind = change.GetProperty("kind").GetString();
            var target = change.GetProperty("target").GetString();
            var action = change.GetProperty("action").GetString();
            var after = change.GetProperty("after");
            if (action == "create")
            {
                Console.Out.WriteLine($"+ {kind} {target}: {after.GetRawText()}");
                continue;
            }

            var before = change.GetProperty("before");
            var fields = after.EnumerateObject()
                .Select(p => (p.Name, Before: before.TryGetProperty(p.Name, out var old) ? old.ToString() : "", After: p.Value.ToString()))
                .Where(f => f.Before != f.After)
                .Select(f => $"{f.Name} {(f.Before.Length == 0 ? "(none)" : f.Before)} → {(f.After.Length == 0 ? "(none)" : f.After)}");
            Console.Out.WriteLine($"~ {kind} {target}: {string.Join(", ", fields)}");
        }

        Console.Out.WriteLine($"{plan.GetProperty("unchanged").GetInt32()} entr{(plan.GetProperty("unchanged").GetInt32() == 1 ? "y" : "ies")} already as written");
    }
}
