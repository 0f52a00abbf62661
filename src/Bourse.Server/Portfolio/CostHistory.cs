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

    public AverageCostBook Replay(long userId, AssetSpec quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var book = new AverageCostBook();
        var markets = reference.Markets;
        var marketPrices = new Dictionary<(int MarketId, long Sequence), decimal?>();
        decimal PriceAt(int assetId, long sequence) => PriceRoutes.Price(markets, assetId, quote.Id, m =>
        {
            if (!marketPrices.TryGetValue((m.Spec.Id, sequence), out var price))
            {
                price = store.TradePriceAt(m.Spec.Id, sequence) is { } traded ? Units.Whole(traded, m.Quote.Scale) : live.MarketPrice(m);
                marketPrices[(m.Spec.Id, sequence)] = price;
            }

            return price;
        }) ?? 0m;

        var fills = store.Fills(userId);
        var activities = store.Activities(userId, Movements);
        int f = 0, a = 0;
        while (f < fills.Count || a < activities.Count)
        {
            if (a >= activities.Count || (f < fills.Count && fills[f].Sequence <= activities[a].Sequence))
            {
                ApplyFill(book, fills[f++], PriceAt);
            }
            else
            {
                ApplyActivity(book, activities[a++], quote.Id, PriceAt);
            }
        }

        return book;
    }

    private void ApplyFill(AverageCostBook book, UserFill fill, Func<int, long, decimal> priceAt)
    {
        if (reference.FindMarket(fill.MarketId) is not { } market)
        {
            return;
        }

        var (baseAsset, quoteAsset) = (market.Base, market.Quote);
        var quotePrice = priceAt(quoteAsset.Id, fill.Sequence);
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

    private void ApplyActivity(AverageCostBook book, Activity activity, int quoteId, Func<int, long, decimal> priceAt)
    {
        if (reference.FindAsset(activity.AssetId) is not { } asset)
        {
            return;
        }

        var amount = Units.Whole(activity.Amount, asset.Scale);
        switch (activity.Kind)
        {
            case ActivityKind.Deposit or ActivityKind.TransferIn or ActivityKind.StakingReward:
                book.Acquire(asset.Id, amount, amount * priceAt(asset.Id, activity.Sequence));
                break;
            case ActivityKind.Withdrawal or ActivityKind.TransferOut:
                book.Dispose(asset.Id, amount + Units.Whole(activity.Fee, asset.Scale), null);
                break;
            case ActivityKind.Convert when reference.FindAsset(activity.ToAssetId) is { } to:
                var received = Units.Whole(activity.ToAmount, to.Scale);
                var value = asset.Id == quoteId ? amount : to.Id == quoteId ? received : amount * priceAt(asset.Id, activity.Sequence);
                book.Dispose(asset.Id, amount, value);
                book.Acquire(to.Id, received, value);
                break;
        }
    }
}
