using System.Text.Json;
using Bourse.Core.Commands;
using Bourse.Server.ApiKeys;
using Bourse.Server.Engine;
using Bourse.Server.Listing;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Demo;

/// <summary>
/// In demo mode, lists the demo assets and markets through the listing applier (a no-op once listed) and funds the traders alice and bob (and the market maker) once, then writes
/// their API keys to <c>&lt;data&gt;/demo-credentials.json</c> and prints them.
/// </summary>
public sealed partial class DemoSeeder(EngineHost host, ListingApplier listing, ApiKeyStore keys, IOptions<BourseOptions> options, ILogger<DemoSeeder> logger)
    : IHostedService
{
    public const long Alice = 1;
    public const long Bob = 2;
    public const long MarketMaker = 3;

    /// <summary>Trades against the market maker's quotes now and then.</summary>
    public const long DemoTaker = 4;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var engine = host.Engine;
        var seeded = await engine.QueryAsync(core => core.GetAsset(DemoMarkets.Usdt.Id) is not null).ConfigureAwait(false);
        var listed = await listing.ApplyAsync(DemoMarkets.Listing).ConfigureAwait(false);
        if (listed.Plan is null || listed.Failed is not null)
        {
            throw new InvalidOperationException($"Demo listing failed: {string.Join("; ", listed.Errors.Select(e => $"{e.Entry}: {e.Detail}"))} {listed.Failed?.Status}");
        }

        if (!seeded)
        {
            var commands = new List<Command>();
            foreach (var (user, scale) in new[] { (Alice, 1L), (Bob, 1L), (MarketMaker, 1_000L), (DemoTaker, 1_000L) })
            {
                commands.Add(Command.Deposit(user, DemoMarkets.Btc.Id, 10 * scale * DemoMarkets.Unit, $"demo-{user}-btc"));
                commands.Add(Command.Deposit(user, DemoMarkets.Eth.Id, 100 * scale * DemoMarkets.Unit, $"demo-{user}-eth"));
                commands.Add(Command.Deposit(user, DemoMarkets.Ltc.Id, 1_000 * scale * DemoMarkets.Unit, $"demo-{user}-ltc"));
                commands.Add(Command.Deposit(user, DemoMarkets.Sol.Id, 1_000 * scale * DemoMarkets.Unit, $"demo-{user}-sol"));
                commands.Add(Command.Deposit(user, DemoMarkets.Usdt.Id, 1_000_000 * scale * DemoMarkets.Unit, $"demo-{user}-usdt"));
            }

            foreach (var command in commands)
            {
                var outcome = await host.Gateway.SubmitAsync(command).ConfigureAwait(false);
                if (!outcome.IsApplied)
                {
                    throw new InvalidOperationException($"Demo seeding failed: {command.Type} {outcome.Status}");
                }
            }
        }

        var credentials = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "demo-credentials.json");
        if (!File.Exists(credentials))
        {
            var demo = new List<DemoCredential>();
            foreach (var (name, userId) in new[] { ("alice", Alice), ("bob", Bob) })
            {
                var created = await keys.CreateAsync(userId, $"demo {name}", [ApiKeyPermissions.Read, ApiKeyPermissions.Trade], null, cancellationToken)
                    .ConfigureAwait(false);
                demo.Add(new DemoCredential(name, created.Key!.Key, created.Secret!));
            }

            await DataDirectory.WritePrivateTextAsync(credentials, JsonSerializer.Serialize(demo, DemoCredential.Json), cancellationToken).ConfigureAwait(false);
        }

        foreach (var credential in JsonSerializer.Deserialize<List<DemoCredential>>(await File.ReadAllTextAsync(credentials, cancellationToken).ConfigureAwait(false), DemoCredential.Json) ?? [])
        {
            LogCredential(logger, credential.User, credential.ApiKey, credential.SecretKey);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Demo keys trade play money on a local exchange; printing them is the point of demo mode.
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Demo trader {User}: apiKey {ApiKey} secretKey {SecretKey}")]
    private static partial void LogCredential(ILogger logger, string user, string apiKey, string secretKey);
}

/// <summary>One line of demo-credentials.json.</summary>
public sealed record DemoCredential(string User, string ApiKey, string SecretKey)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
