using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.Server.Views;
using Bourse.Store;
using Bourse.Store.Portfolio;

namespace Bourse.Server.Portfolio;

/// <summary>
/// Replays a user's history into an <see cref="AverageCostBook"/> valued in one quote asset. Every fill is a disposal
/// of what was paid and an acquisition of what was received, both at the trade's value in the quote asset (so a fill
/// in ETH/BTC realizes PnL on the BTC spent): fees paid in the received asset shrink the quantity received, fees in
/// the paid asset add to the cost or come off the proceeds. Deposits, transfers in and staking rewards are
/// acquisitions at the market price when they happened; withdrawals and transfers out leave at average cost without
/// realizing anything. A convert is replayed from its activity: its legs trade against the books, but only the makers'
/// side of them is a fill in the trade history, so the convert is one disposal of what was spent and one acquisition
/// of what was received (net of its fee), valued at the spent amount when that is the quote asset, else at the
/// received amount when that is, else at the spent asset's price at the time.
/// </summary>
/// <remarks>
/// "The price when it happened" of an asset is found through <see cref="PriceRoutes"/> with each market's last trade
/// price at or before that command (or its first trade after, when it had not traded yet; its live price when it
/// never traded); with no price at all the cost is zero.
/// </remarks>
public sealed class CostHistory(SqlPortfolioStore store, ReferenceDataView reference, LivePrices live)
{
    private static readonly ActivityKind[] Movements =
        [ActivityKind.Deposit, ActivityKind.TransferIn, ActivityKind.StakingReward, ActivityKind.Withdrawal, ActivityKind.TransferOut, ActivityKind.Convert];

    public async Task<AverageCostBook> ReplayAsync(long userId, AssetSpec quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var book = new AverageCostBook();
        var prices = new PricesAt(store, reference.Markets, quote.Id, live);
        var fills = await store.FillsAsync(userId, cancellationToken).ConfigureAwait(false);
        var activities = await store.ActivitiesAsync(userId, Movements, cancellationToken).ConfigureAwait(false);
        int f = 0, a = 0;
        while (f < fills.Count || a < activities.Count)
        {
            if (a >= activities.Count || (f < fills.Count && fills[f].Sequence <= activities[a].Sequence))
            {
                await ApplyFillAsync(book, fills[f++], prices, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ApplyActivityAsync(book, activities[a++], quote.Id, prices, cancellationToken).ConfigureAwait(false);
            }
        }

        return book;
    }

    private async Task ApplyFillAsync(AverageCostBook book, StoredFill fill, PricesAt prices, CancellationToken cancellationToken)
    {
        if (reference.FindMarket(fill.MarketId) is not { } market)
        {
            return;
        }

        var (baseAsset, quoteAsset) = (market.Base, market.Quote);
        var quotePrice = await prices.PriceAsync(quoteAsset.Id, fill.Sequence, cancellationToken).ConfigureAwait(false);
        var feeInBase = fill.CommissionAssetId == baseAsset.Id ? fill.Commission : 0;
        var feeInQuote = fill.CommissionAssetId == quoteAsset.Id ? fill.Commission : 0;
        if (fill.Side == Side.Buy)
        {
            var paid = Units.Whole(fill.QuoteQuantity + feeInQuote, quoteAsset.Scale);
            book.Dispose(quoteAsset.Id, paid, paid * quotePrice);
            book.Acquire(baseAsset.Id, Units.Whole(fill.Quantity - feeInBase, baseAsset.Scale), paid * quotePrice);
        }
        else
        {
            var received = Units.Whole(fill.QuoteQuantity - feeInQuote, quoteAsset.Scale);
            book.Dispose(baseAsset.Id, Units.Whole(fill.Quantity + feeInBase, baseAsset.Scale), received * quotePrice);
            book.Acquire(quoteAsset.Id, received, received * quotePrice);
        }

        if (fill.Commission != 0 && fill.CommissionAssetId != baseAsset.Id && fill.CommissionAssetId != quoteAsset.Id
            && reference.FindAsset(fill.CommissionAssetId) is { } feeAsset)
        {
            book.Dispose(feeAsset.Id, Units.Whole(fill.Commission, feeAsset.Scale), 0m);
        }
    }

    private async Task ApplyActivityAsync(AverageCostBook book, Activity activity, int quoteId, PricesAt prices, CancellationToken cancellationToken)
    {
        if (reference.FindAsset(activity.AssetId) is not { } asset)
        {
            return;
        }

        var amount = Units.Whole(activity.Amount, asset.Scale);
        switch (activity.Kind)
        {
            case ActivityKind.Deposit or ActivityKind.TransferIn or ActivityKind.StakingReward:
                book.Acquire(asset.Id, amount, amount * await prices.PriceAsync(asset.Id, activity.Sequence, cancellationToken).ConfigureAwait(false));
                break;
            case ActivityKind.Withdrawal or ActivityKind.TransferOut:
                book.Dispose(asset.Id, amount + Units.Whole(activity.Fee, asset.Scale), null);
                break;
            case ActivityKind.Convert when reference.FindAsset(activity.ToAssetId) is { } to:
                var received = Units.Whole(activity.ToAmount, to.Scale);
                var value = asset.Id == quoteId ? amount
                    : to.Id == quoteId ? received
                    : amount * await prices.PriceAsync(asset.Id, activity.Sequence, cancellationToken).ConfigureAwait(false);
                book.Dispose(asset.Id, amount, value);
                book.Acquire(to.Id, received, value);
                break;
        }
    }

    /// <summary>
    /// Assets' prices in the quote asset as of a command, each market's trade price read from the store once and kept.
    /// <see cref="PriceRoutes"/> asks for market prices one by one and stops at the first route with prices, so a lookup
    /// runs it, reads the first market it asked for that is not known yet, and runs it again: the store is read for
    /// exactly the markets the route search needs, without blocking on the database inside it.
    /// </summary>
    private sealed class PricesAt(SqlPortfolioStore store, IReadOnlyList<MarketInfo> markets, int quoteId, LivePrices live)
    {
        private readonly Dictionary<(int MarketId, long Sequence), decimal?> _known = [];

        public async ValueTask<decimal> PriceAsync(int assetId, long sequence, CancellationToken cancellationToken)
        {
            while (true)
            {
                MarketInfo? unknown = null;
                var price = PriceRoutes.Price(markets, assetId, quoteId, m =>
                {
                    if (_known.TryGetValue((m.Spec.Id, sequence), out var known))
                    {
                        return known;
                    }

                    unknown ??= m;
                    return null;
                });
                if (unknown is null)
                {
                    return price ?? 0m;
                }

                var traded = await store.TradePriceAtAsync(unknown.Spec.Id, sequence, cancellationToken).ConfigureAwait(false);
                _known[(unknown.Spec.Id, sequence)] = traded is { } t ? Units.Whole(t, unknown.Quote.Scale) : live.MarketPrice(unknown);
            }
        }
    }
}
