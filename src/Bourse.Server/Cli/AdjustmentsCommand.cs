using System.Globalization;
using System.Text.Json;

namespace Bourse.Server.Cli;

/// <summary>
/// <c>bourse adjustments list|propose|approve|reject</c>: balance adjustments under four eyes from the command line,
/// through the running server's admin API (<c>/api/v1/admin/adjustments</c>), signed in as a treasury operator. The
/// server keeps the rules: nobody approves their own proposal, proposals expire, a reference is applied once.
/// </summary>
public static class AdjustmentsCommand
{
    public const string Usage = """
        usage: bourse adjustments list [--all] --server URL --email EMAIL [--otp CODE]
               bourse adjustments propose --user ID --asset CODE --amount DECIMAL --reason TEXT --reference REF --server URL --email EMAIL [--otp CODE]
               bourse adjustments approve PROPOSAL_ID --server URL --email EMAIL [--otp CODE]
               bourse adjustments reject PROPOSAL_ID --reason TEXT --server URL --email EMAIL [--otp CODE]

        A negative --amount (e.g. -1.5) proposes a debit. list shows pending proposals (--all: every one).

        """ + OperatorVerb.ConnectionUsage;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            (args.Length == 0 ? Console.Error : Console.Out).Write(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        // A debit's amount starts with '-': take it as the option's value, not as an option.
        var verb = OperatorVerb.Parse("bourse adjustments", args, ["--user", "--asset", "--amount", "--reason", "--reference"], ["--all"], Usage);
        if (verb is null)
        {
            return ExitCodes.Usage;
        }

        Func<OperatorClient, Task<OperatorResponse>>? action = verb.Positionals switch
        {
            ["list"] => client => client.GetAsync($"/api/v1/admin/adjustments?status={(verb.Flag("--all") ? "all" : "pending")}"),
            ["propose"] when verb.Option("--user") is { } user && long.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
                && verb.Option("--asset") is { } asset && verb.Option("--amount") is { } amount
                && verb.Option("--reason") is { } reason && verb.Option("--reference") is { } reference =>
                client => client.PostAsync("/api/v1/admin/adjustments", JsonSerializer.Serialize(new { userId, asset, amount, reason, reference })),
            ["approve", var id] when IsId(id) => client => client.SendAsync(HttpMethod.Post, $"/api/v1/admin/adjustments/{id}/approve", null),
            ["reject", var id] when IsId(id) && verb.Option("--reason") is { } reason =>
                client => client.PostAsync($"/api/v1/admin/adjustments/{id}/reject", JsonSerializer.Serialize(new { reason })),
            _ => null,
        };
        if (action is null)
        {
            OperatorVerb.UsageError(verb.Name, "a command with its arguments is required (see the usage)", Usage);
            return ExitCodes.Usage;
        }

        return await verb.RunSignedInAsync(Usage, action).ConfigureAwait(false);
    }

    private static bool IsId(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
