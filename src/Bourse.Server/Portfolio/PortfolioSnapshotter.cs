using System.Data.Common;
using Bourse.Server.Views;
using Bourse.Store.Portfolio;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Portfolio;

/// <summary>
/// Records every user's total value (in the configured quote asset, at live prices) once per
/// <see cref="PortfolioOptions.SnapshotInterval"/>, for the value-over-time chart. Users holding nothing are skipped.
/// A failed round is logged and the next one tries again: a missing point is a gap in a chart, not lost money.
/// </summary>
public sealed partial class PortfolioSnapshotter(AccountViews accounts, ReferenceDataView reference, LivePrices prices, SqlPortfolioStore store,
    IOptions<PortfolioOptions> options, TimeProvider time, ILogger<PortfolioSnapshotter> logger) : BackgroundService
{
    /// <summary>Takes one round of snapshots now; how many users it recorded.</summary>
    public async Task<int> RecordAsync(CancellationToken cancellationToken = default)
    {
        if (reference.Assets.FirstOrDefault(a => a.Code == options.Value.QuoteAsset) is not { } quote)
        {
            return 0;
        }

        var users = Holding.OfEveryUser(accounts.EveryBalance(), reference.FindAsset);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var priceCache = new Dictionary<int, decimal?>();
        decimal? PriceOf(int assetId)
        {
            if (!priceCache.TryGetValue(assetId, out var price))
            {
                price = prices.Price(assetId, quote.Id);
                priceCache[assetId] = price;
            }

            return price;
        }

        var snapshots = users.Select(u => new PortfolioSnapshot(u.UserId, now, quote.Id, Units.Smallest(Valuation.Of(u.Holdings, quote, PriceOf).Total, quote.Scale)))
            .ToList();
        await store.RecordAsync(snapshots, cancellationToken).ConfigureAwait(false);
        return snapshots.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SnapshotInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.Value.SnapshotInterval;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var recorded = await RecordAsync(stoppingToken).ConfigureAwait(false);
                    LogRecorded(logger, recorded);
                }
                catch (Exception exception) when (exception is DbException or IOException or InvalidOperationException)
                {
                    LogFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 61, Level = LogLevel.Debug, Message = "Portfolio snapshots recorded for {Users} users")]
    private static partial void LogRecorded(ILogger logger, int users);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Portfolio snapshot round failed; the next round tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
