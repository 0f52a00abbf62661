using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.Server.Views;
using Bourse.Store;
using Bourse.Store.Portfolio;
using Microsoft.Extensions.Options;

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
/// never traded); with no price at all the cost is zero. The prices a replay needs are read before it, a batch of
/// commands per market and query (<see cref="SqlPortfolioStore.TradePricesAtAsync"/>), not one query per command.
/// A replayed book is kept (<see cref="CostBookCache"/>) with the sequence it covers, so the next request replays only
/// what came after — unless a price in it came from the live market (a market that had not traded yet but has a
/// book), which moves with the book. A market with no price at all is remembered, and the book is reused only while
/// it still has none.
/// </remarks>
public sealed class CostHistory(SqlPortfolioStore store, ReferenceDataView reference, LivePrices live, IOptions<PortfolioOptions> options)
{
    private static readonly ActivityKind[] Movements =
        [ActivityKind.Deposit, ActivityKind.TransferIn, ActivityKind.StakingReward, ActivityKind.Withdrawal, ActivityKind.TransferOut, ActivityKind.Convert,
            ActivityKind.Adjustment];

    // How many fills and activities are replayed between two looks at the cancellation token.
    private const int CancellationStride = 1_024;

    private readonly CostBookCache _kept = new(options.Value.CostBooksKept);

    /// <summary>The books kept between requests.</summary>
    public CostBookCache Kept => _kept;

    /// <summary>
    /// The user's average-cost book in <paramref name="quote"/> over every fill and movement through command
    /// <paramref name="throughSequence"/>, which the history store must hold in full (its applied checkpoint).
    /// </summary>
    public async Task<AverageCostBook> ReplayAsync(long userId, AssetSpec quote, long throughSequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var markets = reference.Markets;
        var (book, after, unpriced) = _kept.Find(userId, quote.Id, markets.Count, marketId => reference.FindMarket(marketId) is { } m && live.MarketPrice(m) is null)
            ?? (new AverageCostBook(), 0L, (IReadOnlySet<int>)new HashSet<int>());
        if (after >= throughSequence)
        {
            return book;
        }

        var fills = await store.FillsAsync(userId, after, throughSequence, cancellationToken).ConfigureAwait(false);
        var activities = await store.ActivitiesAsync(userId, Movements, after, throughSequence, cancellationToken).ConfigureAwait(false);
        var prices = new PricesAt(store, markets, quote.Id, live);
        await prices.LoadAsync(PricesNeeded(fills, activities, quote.Id), cancellationToken).ConfigureAwait(false);
        int f = 0, a = 0;
        while (f < fills.Count || a < activities.Count)
        {
            if ((f + a) % CancellationStride == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (a >= activities.Count || (f < fills.Count && fills[f].Sequence <= activities[a].Sequence))
            {
                ApplyFill(book, fills[f++], prices);
            }
            else
            {
                ApplyActivity(book, activities[a++], quote.Id, prices);
            }
        }

        if (!prices.UsedLivePrices)
        {
            _kept.Keep(userId, quote.Id, markets.Count, book, throughSequence, new HashSet<int>(unpriced.Union(prices.Unpriced)));
        }

        return book;
    }

    /// <summary>Every (asset, command) whose price in the quote asset the replay will ask for.</summary>
    private IEnumerable<(int AssetId, long Sequence)> PricesNeeded(IReadOnlyList<StoredFill> fills, IReadOnlyList<Activity> activities, int quoteId)
    {
        foreach (var fill in fills)
        {
            if (reference.FindMarket(fill.MarketId) is { } market)
            {
                yield return (market.Quote.Id, fill.Sequence);
            }
        }

        foreach (var activity in activities)
        {
            switch (activity.Kind)
            {
                case ActivityKind.Deposit or ActivityKind.TransferIn or ActivityKind.StakingReward:
                case ActivityKind.Adjustment when activity.Amount > 0:
                    yield return (activity.AssetId, activity.Sequence);
                    break;
                case ActivityKind.Convert when activity.AssetId != quoteId && activity.ToAssetId != quoteId:
                    yield return (activity.AssetId, activity.Sequence);
                    break;
            }
        }
    }

    private void ApplyFill(AverageCostBook book, StoredFill fill, PricesAt prices)
    {
        if (reference.FindMarket(fill.MarketId) is not { } market)
        {
            return;
        }

        var (baseAsset, quoteAsset) = (market.Base, market.Quote);
        var quotePrice = prices.Price(quoteAsset.Id, fill.Sequence);
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

    private void ApplyActivity(AverageCostBook book, Activity activity, int quoteId, PricesAt prices)
    {
        if (reference.FindAsset(activity.AssetId) is not { } asset)
        {
            return;
        }

        var amount = Units.Whole(activity.Amount, asset.Scale);
        switch (activity.Kind)
        {
            case ActivityKind.Deposit or ActivityKind.TransferIn or ActivityKind.StakingReward:
                book.Acquire(asset.Id, amount, amount * prices.Price(asset.Id, activity.Sequence));
                break;
            case ActivityKind.Withdrawal or ActivityKind.TransferOut:
                book.Dispose(asset.Id, amount + Units.Whole(activity.Fee, asset.Scale), null);
                break;
            // An operator's credit is held like a deposit (at the price of the moment), a debit leaves like a withdrawal.
            case ActivityKind.Adjustment when activity.Amount > 0:
                book.Acquire(asset.Id, amount, amount * prices.Price(asset.Id, activity.Sequence));
                break;
            case ActivityKind.Adjustment:
                book.Dispose(asset.Id, -amount, null);
                break;
            case ActivityKind.Convert when reference.FindAsset(activity.ToAssetId) is { } to:
                var received = Units.Whole(activity.ToAmount, to.Scale);
                var value = asset.Id == quoteId ? amount
                    : to.Id == quoteId ? received
                    : amount * prices.Price(asset.Id, activity.Sequence);
                book.Dispose(asset.Id, amount, value);
                book.Acquire(to.Id, received, value);
                break;
        }
    }

    /// <summary>
    /// Assets' prices in the quote asset as of a command, loaded before the replay. <see cref="PriceRoutes"/> asks for
    /// market prices one by one and stops at the first route with prices, so loading runs it for every (asset, command)
    /// wanted, collects the first market each asked for that is not known yet, reads those markets' prices for all
    /// their commands in batches, and runs again until every route is decided: the store is read for exactly the
    /// markets the route search needs, in a handful of queries per market instead of one per command.
    /// </summary>
    private sealed class PricesAt(SqlPortfolioStore store, IReadOnlyList<MarketInfo> markets, int quoteId, LivePrices live)
    {
        private readonly Dictionary<(int MarketId, long Sequence), decimal?> _known = [];
        private readonly Dictionary<(int AssetId, long Sequence), decimal> _prices = [];

        private readonly HashSet<int> _unpriced = [];

        /// <summary>Whether some market had never traded and its live price (its book's) stood in: that moves with the book.</summary>
        public bool UsedLivePrices { get; private set; }

        /// <summary>The markets that had never traded and had no live price either.</summary>
        public IReadOnlySet<int> Unpriced => _unpriced;

        public async Task LoadAsync(IEnumerable<(int AssetId, long Sequence)> wanted, CancellationToken cancellationToken)
        {
            var pending = wanted.Where(w => w.AssetId != quoteId).Distinct().ToList();
            while (pending.Count > 0)
            {
                var unknownByMarket = new Dictionary<int, (MarketInfo Market, List<long> Sequences)>();
                var undecided = new List<(int AssetId, long Sequence)>();
                foreach (var (assetId, sequence) in pending)
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
                        _prices[(assetId, sequence)] = price ?? 0m;
                        continue;
                    }

                    if (!unknownByMarket.TryGetValue(unknown.Spec.Id, out var asked))
                    {
                        unknownByMarket[unknown.Spec.Id] = asked = (unknown, []);
                    }

                    asked.Sequences.Add(sequence);
                    undecided.Add((assetId, sequence));
                }

                foreach (var (market, sequences) in unknownByMarket.Values)
                {
                    var traded = await store.TradePricesAtAsync(market.Spec.Id, sequences, cancellationToken).ConfigureAwait(false);
                    foreach (var sequence in sequences)
                    {
                        if (traded.TryGetValue(sequence, out var t))
                        {
                            _known[(market.Spec.Id, sequence)] = Units.Whole(t, market.Quote.Scale);
                        }
                        else if (live.MarketPrice(market) is { } stoodIn)
                        {
                            UsedLivePrices = true;
                            _known[(market.Spec.Id, sequence)] = stoodIn;
                        }
                        else
                        {
                            _unpriced.Add(market.Spec.Id);
                            _known[(market.Spec.Id, sequence)] = null;
                        }
                    }
                }

                pending = undecided;
            }
        }

        /// <summary>Whole quote units per whole unit of the asset as of the command; 0 when no route had a price.</summary>
        public decimal Price(int assetId, long sequence) => assetId == quoteId ? 1m : _prices.GetValueOrDefault((assetId, sequence));
    }
}
