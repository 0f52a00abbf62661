using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Matching;
using Bourse.Core.Model;

namespace Bourse.Core.Conversion;

/// <summary>
/// Convert: a swap of one asset for another against the live books, all or nothing, never worse than its quote.
/// <para>
/// A convert trades like market orders (one per market on its route) at the taker fee, through
/// <see cref="MatchingEngine.MatchConvertLeg"/>, so makers, the trade tape and klines see ordinary trades. Before
/// anything changes the desk replays the route against the books without touching them — the same per-order
/// arithmetic as Match and Fill — and refuses unless the whole amount fills and the user receives at least the quoted
/// minimum. Because the core is a single-threaded pure function, what the dry run computes is exactly what the
/// execution does, so the check and the trade cannot drift apart. Owns only the references of accepted converts.
/// </para>
/// </summary>
internal sealed class ConvertDesk
{
    private readonly CommandScope _scope;
    private readonly ReferenceData _referenceData;
    private readonly Ledger _ledger;
    private readonly MatchingEngine _matching;
    private readonly Dictionary<UserReference, long> _convertReferences = [];

    public ConvertDesk(CommandScope scope, ReferenceData referenceData, Ledger ledger, MatchingEngine matching)
    {
        _scope = scope;
        _referenceData = referenceData;
        _ledger = ledger;
        _matching = matching;
    }

    /// <summary>
    /// Plans converting <paramref name="amount"/> of one asset into another along the route that receives the most.
    /// Changes nothing. The plan's Reason says why it cannot execute (no route, too small, too little liquidity,
    /// insufficient balance).
    /// </summary>
    public ConvertPlan PlanConvert(long userId, int fromAssetId, int toAssetId, long amount)
    {
        var refused = CheckConvertAssets(fromAssetId, toAssetId, amount);
        if (refused == RejectReason.None && IsTradingRestricted(userId))
        {
            refused = RejectReason.AccountRestricted;
        }

        if (refused == RejectReason.None && _ledger.GetBalance(userId, fromAssetId).Available < amount)
        {
            refused = RejectReason.InsufficientBalance;
        }

        if (refused != RejectReason.None)
        {
            return ConvertPlan.Refused(refused, fromAssetId, toAssetId);
        }

        ConvertPlan? best = null;
        foreach (var (first, second) in ConvertRoutes(fromAssetId, toAssetId))
        {
            var plan = Simulate(userId, fromAssetId, toAssetId, amount, first, second);
            if (best is null || IsBetter(plan, best))
            {
                best = plan;
            }
        }

        return best ?? ConvertPlan.Refused(RejectReason.NoConvertRoute, fromAssetId, toAssetId);
    }

    /// <summary>
    /// Plans the smallest spend of <paramref name="fromAssetId"/> that receives at least <paramref name="received"/> of
    /// <paramref name="toAssetId"/>, along the route that needs the least. Changes nothing.
    /// </summary>
    public ConvertPlan PlanConvertToReceive(long userId, int fromAssetId, int toAssetId, long received)
    {
        var refused = CheckConvertAssets(fromAssetId, toAssetId, received);
        if (refused == RejectReason.None && IsTradingRestricted(userId))
        {
            refused = RejectReason.AccountRestricted;
        }

        if (refused != RejectReason.None)
        {
            return ConvertPlan.Refused(refused, fromAssetId, toAssetId);
        }

        // Nobody can spend more than they hold, which also bounds the search (and its cost on the engine thread).
        var available = _ledger.GetBalance(userId, fromAssetId).Available;
        if (available <= 0)
        {
            return ConvertPlan.Refused(RejectReason.InsufficientBalance, fromAssetId, toAssetId);
        }

        var takerPpm = TakerPpmOf(userId);
        ConvertPlan? best = null;
        foreach (var (first, second) in ConvertRoutes(fromAssetId, toAssetId))
        {
            // What a route receives never falls as the spend grows, and an amount more than a market or its book can take
            // stays so as it grows (the answer, if any, lies below it), so the least spend that receives enough or is
            // too much is a binary search over one fee-inclusive walk each.
            bool Reaches(long spend) => SimulateRoute(fromAssetId, spend, first, second, takerPpm) is var o && (o.TooLarge || o.Received >= received);
            ConvertPlan plan;
            if (!Reaches(available))
            {
                plan = Simulate(userId, fromAssetId, toAssetId, available, first, second);
                // All of the balance fills but falls short: the balance is what is missing.
                plan = plan.Reason == RejectReason.None ? plan with { Reason = RejectReason.InsufficientBalance } : plan;
            }
            else
            {
                long low = 1, high = available;
                while (low < high)
                {
                    var middle = low + ((high - low) / 2);
                    if (Reaches(middle))
                    {
                        high = middle;
                    }
                    else
                    {
                        low = middle + 1;
                    }
                }

                plan = Simulate(userId, fromAssetId, toAssetId, low, first, second);
                if (plan.Reason == RejectReason.None && plan.Received < received)
                {
                    plan = plan with { Reason = RejectReason.InsufficientLiquidity };
                }
            }

            if (best is null || (plan.Reason == RejectReason.None
                    && (best.Reason != RejectReason.None || plan.Spent < best.Spent || (plan.Spent == best.Spent && plan.Received > best.Received))))
            {
                best = plan;
            }
        }

        return best ?? ConvertPlan.Refused(RejectReason.NoConvertRoute, fromAssetId, toAssetId);
    }

    private static bool IsBetter(ConvertPlan plan, ConvertPlan best) =>
        plan.Reason == RejectReason.None
            ? best.Reason != RejectReason.None || plan.Received > best.Received
            : best.Reason != RejectReason.None && plan.Received > best.Received;

    private bool IsTradingRestricted(long userId) => _ledger.Find(userId) is { } account && account.IsRestricted(AccountRestrictions.Trading);

    private RejectReason CheckConvertAssets(int fromAssetId, int toAssetId, long amount)
    {
        if (_referenceData.GetAsset(fromAssetId) is null || _referenceData.GetAsset(toAssetId) is null)
        {
            return RejectReason.UnknownAsset;
        }

        if (fromAssetId == toAssetId)
        {
            return RejectReason.NoConvertRoute;
        }

        return amount <= 0 ? RejectReason.InvalidAmount : RejectReason.None;
    }

    /// <summary>Trading markets joining the two assets directly, then pairs of markets through one intermediate asset, by id.</summary>
    private IEnumerable<(Market First, Market? Second)> ConvertRoutes(int fromAssetId, int toAssetId)
    {
        foreach (var market in _referenceData.Markets)
        {
            if (market.Status == MarketStatus.Trading && Joins(market, fromAssetId, toAssetId))
            {
                yield return (market, null);
            }
        }

        foreach (var first in _referenceData.Markets)
        {
            if (first.Status != MarketStatus.Trading || !Holds(first, fromAssetId) || Holds(first, toAssetId))
            {
                continue;
            }

            var middle = OtherAsset(first, fromAssetId);
            foreach (var second in _referenceData.Markets)
            {
                if (second.Status == MarketStatus.Trading && Joins(second, middle, toAssetId))
                {
                    yield return (first, second);
                }
            }
        }
    }

    private static bool Holds(Market market, int assetId) => market.Spec.BaseAssetId == assetId || market.Spec.QuoteAssetId == assetId;

    private static bool Joins(Market market, int a, int b) => Holds(market, a) && Holds(market, b) && a != b;

    private static int OtherAsset(Market market, int assetId) =>
        market.Spec.BaseAssetId == assetId ? market.Spec.QuoteAssetId : market.Spec.BaseAssetId;

    public void Convert(in Command command)
    {
        if (command.UserId <= 0)
        {
            _scope.Reject(in command, RejectReason.InvalidUser);
            return;
        }

        var refused = CheckConvertAssets(command.AssetId, command.ToAssetId, command.Amount);
        if (refused == RejectReason.None && command.MinimumReceived <= 0)
        {
            refused = RejectReason.InvalidAmount;
        }

        if (refused == RejectReason.None && (string.IsNullOrEmpty(command.Reference) || command.Reference.Length > 128))
        {
            refused = RejectReason.MissingReference;
        }

        if (refused == RejectReason.None && IsTradingRestricted(command.UserId))
        {
            refused = RejectReason.AccountRestricted;
        }

        if (refused != RejectReason.None)
        {
            _scope.Reject(in command, refused);
            return;
        }

        var key = new UserReference(command.UserId, command.Reference!);
        if (_convertReferences.TryGetValue(key, out var existingId))
        {
            _scope.Reject(in command, RejectReason.DuplicateReference, existingId);
            return;
        }

        // The sequencer's clock decides expiry, so replay reaches the same verdict.
        if (command.ExpiresAt > 0 && command.Timestamp > command.ExpiresAt)
        {
            _scope.Reject(in command, RejectReason.QuoteExpired);
            return;
        }

        var first = _referenceData.GetMarket(command.MarketId);
        var second = command.ViaMarketId == 0 ? null : _referenceData.GetMarket(command.ViaMarketId);
        if (!IsRoute(first, second, command.AssetId, command.ToAssetId, command.ViaMarketId))
        {
            _scope.Reject(in command, RejectReason.NoConvertRoute);
            return;
        }

        if (first!.Status != MarketStatus.Trading || (second is not null && second.Status != MarketStatus.Trading))
        {
            _scope.Reject(in command, RejectReason.MarketNotTrading);
            return;
        }

        var account = _ledger.Find(command.UserId);
        if (account is null || account.GetBalance(command.AssetId).Available < command.Amount)
        {
            _scope.Reject(in command, RejectReason.InsufficientBalance);
            return;
        }

        var plan = Simulate(command.UserId, command.AssetId, command.ToAssetId, command.Amount, first, second);
        if (plan.Reason != RejectReason.None)
        {
            _scope.Reject(in command, plan.Reason);
            return;
        }

        if (plan.Received < command.MinimumReceived)
        {
            _scope.Reject(in command, RejectReason.WorseThanQuote);
            return;
        }

        var (spent, middleReceived) = ExecuteLeg(first, account, command.AssetId, command.Amount);
        var received = middleReceived;
        if (second is not null)
        {
            (_, received) = ExecuteLeg(second, account, OtherAsset(first, command.AssetId), middleReceived);
        }

        _convertReferences.Add(key, command.Sequence);
        ref var e = ref _scope.Emit(EventType.ConvertCompleted);
        e.UserId = command.UserId;
        e.AssetId = command.AssetId;
        e.Amount = spent;
        e.ToAssetId = command.ToAssetId;
        e.ToAmount = received;
        e.Commission = plan.Fee;
        e.CommissionAssetId = command.ToAssetId;
        e.MarketId = first.Id;
        e.ReferenceId = command.Sequence;
        e.Reference = command.Reference;

        // Stops react to the new prices only after both legs, so the second leg meets the book the plan saw.
        _matching.TriggerStops(first);
        if (second is not null)
        {
            _matching.TriggerStops(second);
        }
    }

    private static bool IsRoute(Market? first, Market? second, int fromAssetId, int toAssetId, int viaMarketId)
    {
        if (first is null || !Holds(first, fromAssetId) || (viaMarketId != 0 && second is null))
        {
            return false;
        }

        if (second is null)
        {
            return Joins(first, fromAssetId, toAssetId);
        }

        var middle = OtherAsset(first, fromAssetId);
        return middle != toAssetId && second.Id != first.Id && Joins(second, middle, toAssetId);
    }

    /// <summary>
    /// Trades <paramref name="amount"/> of <paramref name="inputAssetId"/> in one market as a market order (a sell of
    /// the lot-rounded base quantity, or a buy spending the quote amount) and returns what it spent and received net of
    /// the taker fee.
    /// </summary>
    private (long Spent, long Received) ExecuteLeg(Market market, Account account, int inputAssetId, long amount)
    {
        var side = market.Spec.BaseAssetId == inputAssetId ? Side.Sell : Side.Buy;
        var outputAssetId = OtherAsset(market, inputAssetId);
        var quantity = side == Side.Sell ? amount - (amount % market.Spec.LotSize) : 0;
        var quoteQuantity = side == Side.Sell ? 0 : amount;
        _ledger.Lock(account, inputAssetId, side == Side.Sell ? quantity : quoteQuantity);

        // The user's own resting orders only ever receive the leg's input asset, so the output's available balance
        // moves by exactly the taker's net receipts.
        var before = account.GetBalance(outputAssetId).Available;
        var (executed, cumulativeQuote) = _matching.MatchConvertLeg(market, account, side, quantity, quoteQuantity);
        var received = account.GetBalance(outputAssetId).Available - before;
        return (side == Side.Sell ? executed : cumulativeQuote, received);
    }

    /// <summary>The whole route against the books as they stand, with the fee it costs in the to asset. Changes nothing.</summary>
    private ConvertPlan Simulate(long userId, int fromAssetId, int toAssetId, long amount, Market first, Market? second)
    {
        var takerPpm = TakerPpmOf(userId);
        var withFees = SimulateRoute(fromAssetId, amount, first, second, takerPpm);
        var fee = 0L;
        if (withFees.Reason == RejectReason.None && takerPpm > 0)
        {
            var withoutFees = SimulateRoute(fromAssetId, amount, first, second, 0);
            fee = withoutFees.Reason == RejectReason.None ? Math.Max(0, withoutFees.Received - withFees.Received) : 0;
        }

        return new ConvertPlan(withFees.Reason, fromAssetId, toAssetId, first.Id, second?.Id ?? 0, withFees.Spent, withFees.Received, fee);
    }

    private int TakerPpmOf(long userId) => _referenceData.FeeTierOf(_ledger.Find(userId) ?? _ledger.FeeAccount).TakerPpm;

    /// <summary>The route's outcome; a refused leg receives nothing (in the to asset's units, whichever leg it was).</summary>
    private static LegOutcome SimulateRoute(int fromAssetId, long amount, Market first, Market? second, int takerPpm)
    {
        var leg = SimulateLeg(first, fromAssetId, amount, takerPpm);
        if (leg.Reason != RejectReason.None)
        {
            return leg with { Received = 0 };
        }

        if (second is null)
        {
            return leg;
        }

        var next = SimulateLeg(second, OtherAsset(first, fromAssetId), leg.Received, takerPpm);
        return next with { Spent = leg.Spent, Received = next.Reason == RejectReason.None ? next.Received : 0 };
    }

    /// <summary>
    /// One leg as Match and Fill would execute it: order by order in queue order, an iceberg's next slice joining the
    /// back of its level, each fill's quote and fee rounded as Fill rounds them.
    /// </summary>
    private static LegOutcome SimulateLeg(Market market, int inputAssetId, long amount, int takerPpm)
    {
        var spec = market.Spec;
        var side = spec.BaseAssetId == inputAssetId ? Side.Sell : Side.Buy;
        var quantity = side == Side.Sell ? amount - (amount % spec.LotSize) : 0;
        if (side == Side.Sell && (quantity <= 0 || quantity < spec.MinQuantity || quantity > spec.MaxQuantity))
        {
            return new LegOutcome(RejectReason.LotSize, 0, 0, TooLarge: quantity > spec.MaxQuantity);
        }

        if (side == Side.Buy && (amount < spec.MinNotional || (spec.MaxNotional > 0 && amount > spec.MaxNotional)))
        {
            return new LegOutcome(RejectReason.Notional, 0, 0, TooLarge: spec.MaxNotional > 0 && amount > spec.MaxNotional);
        }

        var limit = MatchingEngine.BandLimit(market, side);
        var book = market.OppositeOf(side);
        Int128 received = 0;
        long executed = 0, cumulativeQuote = 0, lastPrice = 0;
        var slices = new List<Slice>();
        for (var depth = 0; depth < book.LevelCount; depth++)
        {
            var level = book.LevelAt(depth);
            if (!MatchingEngine.Crosses(side, level.Price, limit))
            {
                break;
            }

            slices.Clear();
            for (var order = level.First; order is not null; order = order.Next)
            {
                slices.Add(new Slice(order.Remaining, order.VisibleRemaining, order.IcebergQuantity));
            }

            for (var head = 0; head < slices.Count;)
            {
                var wanted = side == Side.Sell
                    ? quantity - executed
                    : Arithmetic.AffordableQuantity(amount - cumulativeQuote, level.Price, market.BaseUnit, spec.LotSize);
                if (wanted <= 0)
                {
                    // Not even one lot at the best price: too small to trade, though the market's notional filter passed.
                    return executed == 0
                        ? new LegOutcome(RejectReason.Notional, 0, 0)
                        : new LegOutcome(RejectReason.None, side == Side.Sell ? executed : cumulativeQuote, (long)received);
                }

                var slice = slices[head];
                var take = Math.Min(wanted, slice.Visible);
                if (!Arithmetic.TryNotional(level.Price, take, market.BaseUnit, out var quote) || !Arithmetic.TryAdd(cumulativeQuote, quote, out cumulativeQuote))
                {
                    return new LegOutcome(RejectReason.Overflow, 0, 0);
                }

                executed += take;
                lastPrice = level.Price;
                received += side == Side.Sell ? quote - Arithmetic.Fee(quote, takerPpm) : take - Arithmetic.Fee(take, takerPpm);
                var left = slice with { Remaining = slice.Remaining - take, Visible = slice.Visible - take };
                if (left.Visible > 0)
                {
                    // The maker keeps the head of the queue, as in Match.
                    slices[head] = left;
                    continue;
                }

                head++;
                if (left.Remaining > 0)
                {
                    // An iceberg's next slice joins the back of the level.
                    slices.Add(left with { Visible = Math.Min(left.Iceberg, left.Remaining) });
                }
            }
        }

        var complete = side == Side.Sell
            ? executed == quantity
            : executed > 0 && Arithmetic.AffordableQuantity(amount - cumulativeQuote, lastPrice, market.BaseUnit, spec.LotSize) == 0;
        if (received > long.MaxValue)
        {
            return new LegOutcome(RejectReason.Overflow, 0, 0);
        }

        return new LegOutcome(complete ? RejectReason.None : RejectReason.InsufficientLiquidity,
            side == Side.Sell ? executed : cumulativeQuote, (long)received, TooLarge: !complete);
    }

    // ---- snapshot section: the references of accepted converts ----

    public void Write(BinaryWriter w) => UserReferences.Write(w, _convertReferences);

    public void Read(BinaryReader r) => UserReferences.Read(r, _convertReferences);

    /// <param name="TooLarge">More than the leg can take: past a market's maximum, or more than its book fills.</param>
    private readonly record struct LegOutcome(RejectReason Reason, long Spent, long Received, bool TooLarge = false);

    private readonly record struct Slice(long Remaining, long Visible, long Iceberg);
}
