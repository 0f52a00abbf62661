using System.Globalization;
using System.Text.Json;

namespace Bourse.Server.Cli;

/// <summary>
/// <c>bourse users freeze|unfreeze USER_ID --reason TEXT</c>: support's freeze from the command line, through the
/// running server's admin API (<c>PUT /api/v1/admin/users/{id}/restrictions</c>), signed in as an operator.
/// </summary>
public static class UsersCommand
{
    public const string Usage = """
        usage: bourse users freeze USER_ID --reason TEXT [--trading] [--withdrawals] [--login] [--cancel-open-orders] --server URL --email EMAIL [--otp CODE]
               bourse users unfreeze USER_ID --reason TEXT [--trading] [--withdrawals] [--login] --server URL --email EMAIL [--otp CODE]

        Freezes (or lifts) the named restrictions of a user, keeping the others as they are; none named means all three.
        --cancel-open-orders also cancels the user's open orders. Needs an operator with the support or compliance role.

        """ + OperatorVerb.ConnectionUsage;

    private static readonly string[] Restrictions = ["--trading", "--withdrawals", "--login"];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            (args.Length == 0 ? Console.Error : Console.Out).Write(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        var verb = OperatorVerb.Parse("bourse users", args, ["--reason"], [.. Restrictions, "--cancel-open-orders"], Usage);
        if (verb is null)
        {
            return ExitCodes.Usage;
        }

        if (verb.Positionals is not [var command and ("freeze" or "unfreeze"), var userText]
            || !long.TryParse(userText, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || verb.Option("--reason") is not { Length: > 0 } reason)
        {
            OperatorVerb.UsageError(verb.Name, "freeze|unfreeze, a numeric USER_ID and --reason are required", Usage);
            return ExitCodes.Usage;
        }

        var freeze = command == "freeze";
        var named = Restrictions.Where(verb.Flag).ToList();
        if (named.Count == 0)
        {
            named = [.. Restrictions];
        }

        return await verb.RunSignedInAsync(Usage, async client =>
        {
            var page = await client.GetAsync($"/api/v1/admin/users/{userId}").ConfigureAwait(false);
            if (!page.IsSuccess)
            {
                return page;
            }

            var current = page.Body.GetProperty("restrictions");
            bool Next(string flag, string field) => named.Contains(flag) ? freeze : current.GetProperty(field).GetBoolean();
            var body = JsonSerializer.Serialize(new
            {
                trading = Next("--trading", "trading"),
                withdrawals = Next("--withdrawals", "withdrawals"),
                login = Next("--login", "login"),
                reason,
                cancelOpenOrders = freeze && verb.Flag("--cancel-open-orders"),
            });
            return await client.SendAsync(HttpMethod.Put, $"/api/v1/admin/users/{userId}/restrictions", body).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
