using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Server.Engine;
using Bourse.Trading;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Staking;

/// <summary>
/// At start, makes the core's staking products what the configuration says (a SetStakingProduct for each one that
/// differs; the log keeps the history of terms). In demo mode it also funds the rewards account. A setting the core
/// refuses — e.g. a new reward period for an asset already stakable — stops the start with the reason.
/// </summary>
public sealed partial class StakingSetup(EngineHost host, StakingScheduler scheduler, IOptions<StakingOptions> staking, IOptions<BourseOptions> options,
    ILogger<StakingSetup> logger)
    : IHostedService
{
    /// <summary>What the demo's rewards account is funded with, in whole units of each stakable asset.</summary>
    public const long DemoRewardsFunding = 1_000_000;

    public IReadOnlyList<StakingProductOptions> Products =>
        staking.Value.Products.Count == 0 && options.Value.Demo ? StakingOptions.DemoProducts : staking.Value.Products;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var engine = host.Engine;
        var assets = await engine.QueryAsync(core => core.Assets.ToList()).ConfigureAwait(false);
        foreach (var configured in Products)
        {
            var terms = StakingTerms.From(configured, assets);
            var current = await engine.QueryAsync(core => core.GetStakingProduct(terms.AssetId) is { } p
                ? new StakingTerms(p.AssetId, p.RatePpm, p.MinimumAmount, p.UnbondingMs, p.PeriodMs) : (StakingTerms?)null).ConfigureAwait(false);
            if (current != terms)
            {
                if (current is not null)
                {
                    // Periods that ended under the old terms (e.g. while the server was down) are paid under them first:
                    // the core pays a period at the rate in force when its reward command runs.
                    await scheduler.RunOnceAsync(cancellationToken).ConfigureAwait(false);
                }

                await SubmitAsync(host.Gateway, terms.ToCommand(), $"{StakingOptions.Section}:Products ({configured.Asset})").ConfigureAwait(false);
                LogProductSet(logger, configured.Asset, configured.Apr, configured.Minimum, configured.UnbondingPeriod, configured.RewardPeriod);
            }

            if (options.Value.Demo)
            {
                var scale = assets.First(a => a.Id == terms.AssetId).Scale;
                var amount = DemoRewardsFunding * Core.Arithmetic.Pow10(scale);
                // Once per asset: the reference makes a restart's repeat a harmless duplicate.
                await host.Gateway.SubmitAsync(Command.Deposit(SystemAccounts.StakingRewards, terms.AssetId, amount, $"demo-staking-rewards-{terms.AssetId}"))
                    .ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task SubmitAsync(EngineGateway gateway, Command command, string setting)
    {
        var outcome = await gateway.SubmitAsync(command).ConfigureAwait(false);
        if (!outcome.IsApplied)
        {
            throw new InvalidOperationException($"{setting}: the engine did not take the staking product ({outcome.Status}).");
        }

        if (outcome.Status == SubmitStatus.Rejected)
        {
            throw new InvalidOperationException($"{setting}: refused by the engine ({outcome.Reason}); a reward period cannot change once set.");
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Staking product {Asset}: APR {Apr}, minimum {Minimum}, unbonding {Unbonding}, reward period {Period}")]
    private static partial void LogProductSet(ILogger logger, string asset, decimal apr, string minimum, TimeSpan unbonding, TimeSpan period);
}
