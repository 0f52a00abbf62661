using System.Text.Json;
using Bourse.Identity;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Demo;

/// <summary>
/// In demo mode, gives the demo traders sign-in accounts (alice@demo.bourse.local, bob@…) whose ids are the engine
/// users the seeder funded, with random passwords written to <c>&lt;data&gt;/demo-accounts.json</c> and printed.
/// </summary>
public sealed partial class DemoAccounts(IUserStore users, PasswordHashing passwords, TimeProvider time, IOptions<BourseOptions> options,
    ILogger<DemoAccounts> logger) : IHostedService
{
    private static readonly (string Name, long UserId)[] Traders =
        [("alice", DemoSeeder.Alice), ("bob", DemoSeeder.Bob), ("market-maker", DemoSeeder.MarketMaker), ("taker", DemoSeeder.DemoTaker)];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "demo-accounts.json");
        if (!File.Exists(path))
        {
            var created = new List<DemoAccount>();
            foreach (var (name, userId) in Traders)
            {
                var email = $"{name}@demo.bourse.local";
                var password = OpaqueTokens.New(12);
                // Not cancelled halfway: an account created but not verified would block the next start's seeding.
                if (await users.CreateWithIdAsync(userId, email, passwords.Hash(password), time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None)
                    .ConfigureAwait(false) is null)
                {
                    // Accounts are matched to the engine's demo users by id; a data directory where that id or email is taken cannot be demo-seeded.
                    throw new InvalidOperationException($"Demo account {email} cannot take user id {userId}: use a fresh data directory for --demo.");
                }

                await users.MarkEmailVerifiedAsync(userId, CancellationToken.None).ConfigureAwait(false);
                created.Add(new DemoAccount(name, userId, email, password));
            }

            await DataDirectory.WritePrivateTextAsync(path, JsonSerializer.Serialize(created, DemoCredential.Json), cancellationToken).ConfigureAwait(false);
        }

        foreach (var account in JsonSerializer.Deserialize<List<DemoAccount>>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), DemoCredential.Json) ?? [])
        {
            if (account.UserId is DemoSeeder.Alice or DemoSeeder.Bob)
            {
                LogAccount(logger, account.Email, account.Password);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Demo accounts hold play money on a local exchange; printing their passwords is the point of demo mode.
    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Demo sign-in: {Email} / {Password}")]
    private static partial void LogAccount(ILogger logger, string email, string password);
}

/// <summary>One line of demo-accounts.json.</summary>
public sealed record DemoAccount(string Name, long UserId, string Email, string Password);
