using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;
using Bourse.Server.Engine;
using Bourse.Trading;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Staking;

/// <summary>
/// Pays every ended, unpaid reward period of every product (each as its own PayStakingRewards command stamped with the
/// period, so replay pays exactly the same) and submits ReleaseUnstaked when unbonding funds are due. Periods in which
/// no stake earned are skipped (the core allows gaps), so an idle product costs no commands. It runs in the process
/// that hosts the engine (every process does for now: Bourse:Roles is only "all"); the core refuses a period twice or
/// before it ends, so a late or repeated tick is harmless, and after downtime the missed periods are paid in order.
/// </summary>
public sealed partial class StakingScheduler(EngineHost host, TimeProvider time, IOptions<StakingOptions> options, ILogger<StakingScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Submits what is due now: rewards of ended periods in order, then releases.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var engine = host.Engine;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = await engine.QueryAsync(core => core.StakingProducts
            .Select(p => (p.AssetId, p.PeriodMs, Next: core.NextEarningPeriod(p.AssetId)))
            .Where(p => p.Next is not null)
            .ToList()).ConfigureAwait(false);
        foreach (var (assetId, periodMs, next) in due)
        {
            for (var period = next!.Value; (period + 1) * periodMs <= now && !cancellationToken.IsCancellationRequested; period++)
            {
                var outcome = await host.Gateway.SubmitAsync(Command.PayStakingRewards(assetId, period)).ConfigureAwait(false);
                RejectReason? reason = outcome.IsApplied ? outcome.Reason : null;
                if (reason == RejectReason.InsufficientBalance)
                {
                    // Paid in order: the rest waits until the operator funds the rewards account.
                    LogRewardsUnfunded(logger, assetId, period);
                    break;
                }

                if (reason is not (RejectReason.None or RejectReason.PeriodAlreadyPaid))
                {
                    // Sequencer clock behind ours (PeriodNotEnded) or the engine busy: the next tick tries again.
                    break;
                }
            }
        }

        var nextRelease = await engine.QueryAsync(core => core.NextReleaseAt).ConfigureAwait(false);
        if (nextRelease <= now)
        {
            await host.Gateway.SubmitAsync(Command.ReleaseUnstaked()).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning,
        Message = "Staking rewards of asset {AssetId} for period {Period} wait: the rewards account cannot pay them; deposit to it (user -2)")]
    private static partial void LogRewardsUnfunded(ILogger logger, int assetId, long period);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "Staking scheduler pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
