using Bourse.Core.Accounts;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core.Matching;

// Matching: a taker meets the opposite side in price-time priority; fills settle at the maker's price.
internal sealed partial class MatchingEngine
{
    /// <summary>Matches a taker, then rests, fills or expires what is left of it.</summary>
    private void Execute(Market market, Order taker, Account account, bool registered)
    {
        var limit = taker.Type == OrderType.Market ? BandLimit(market, taker.Side) : taker.Price;
        var prevented = Match(market, taker, account, limit);

        if (prevented >= 0)
        {
            // Self-trade prevention expired the taker.
            Finish(market, taker, account, registered, OrderStatus.ExpiredInMatch, prevented);
            return;
        }

        if (taker.QuoteQuantity > 0)
        {
            taker.Quantity = taker.ExecutedQuantity;
            Finish(market, taker, account, registered, IsQuoteTargetMet(market, taker) ? OrderStatus.Filled : OrderStatus.Expired, 0);
            return;
        }

        if (taker.Remaining == 0)
        {
            Finish(market, taker, account, registered, OrderStatus.Filled, 0);
            return;
        }

        if (taker.TimeInForce != TimeInForce.Gtc)
        {
            Finish(market, taker, account, registered, OrderStatus.Expired, 0);
            return;
        }

        // Rest: keep locked exactly what the remainder needs; price improvement goes back to the user.
        var required = taker.Side == Side.Buy ? Arithmetic.Notional(taker.Price, taker.Remaining, market.BaseUnit) : taker.Remaining;
        if (taker.Reserved > required)
        {
            _ledger.Unlock(account, PaymentAssetOf(market, taker.Side), taker.Reserved - required);
            taker.Reserved = required;
        }

        Rest(market, taker);
        if (!registered)
        {
            Register(taker, account);
        }
    }

    /// <summary>Ends a taker that will not rest: returns what it still has locked and reports how it ended.</summary>
    private void Finish(Market market, Order taker, Account account, bool registered, OrderStatus status, long prevented)
    {
        ReleaseReservation(market, taker, account);
        if (registered)
        {
            Unregister(taker, account);
        }

        if (status != OrderStatus.Filled)
        {
            ref var e = ref EmitOrder(EventType.OrderExpired, taker, status);
            e.PreventedQuantity = prevented;
        }

        ReturnOrder(taker);
    }

    /// <summary>
    /// Trades one leg of a convert as a market taker that is not an order of the user's: it sells
    /// <paramref name="quantity"/> or buys with <paramref name="quoteQuantity"/>, whose funds the caller has locked, with no
    /// self-trade prevention (so it meets the book a plan saw), within the market order band. Makers get ordinary
    /// fills, the tape ordinary trades; the taker gets no order events, and what it left locked is released. Returns
    /// the base quantity and quote it traded.
    /// </summary>
    public (long Executed, long CumulativeQuote) MatchConvertLeg(Market market, Account account, Side side, long quantity, long quoteQuantity)
    {
        var taker = RentOrder();
        taker.Id = _scope.Sequence;
        taker.UserId = account.UserId;
        taker.MarketId = market.Id;
        taker.Side = side;
        // Pooled orders keep some fields of their last use: set every one Match and Fill read.
        taker.Type = OrderType.Market;
        taker.TimeInForce = TimeInForce.None;
        taker.SelfTradePrevention = SelfTradePrevention.None;
        taker.Price = 0;
        taker.Quantity = quantity;
        taker.QuoteQuantity = quoteQuantity;
        taker.ClientOrderId = null;
        taker.CreatedAt = taker.WorkingTime = _scope.Timestamp;
        taker.IsConvertLeg = true;
        taker.Owner = account;
        taker.Reserved = side == Side.Sell ? quantity : quoteQuantity;

        Match(market, taker, account, BandLimit(market, side));
        var traded = (taker.ExecutedQuantity, taker.CumulativeQuote);
        ReleaseReservation(market, taker, account);
        ReturnOrder(taker);
        return traded;
    }

    /// <summary>
    /// Fills the taker against the opposite side up to <paramref name="limit"/>. Returns the quantity self-trade
    /// prevention kept from trading when it expired the taker, or -1 when the taker was not expired.
    /// </summary>
    private long Match(Market market, Order taker, Account takerAccount, long limit)
    {
        var book = market.OppositeOf(taker.Side);
        while (book.Best is { } level && Crosses(taker.Side, level.Price, limit))
        {
            while (level.Head is { } maker)
            {
                var wanted = WantedAt(market, taker, level.Price);
                if (wanted <= 0)
                {
                    return -1;
                }

                if (maker.UserId == taker.UserId && taker.SelfTradePrevention != SelfTradePrevention.None)
                {
                    var prevented = Math.Min(wanted, maker.VisibleRemaining);
                    var mode = taker.SelfTradePrevention;
                    if (mode is SelfTradePrevention.ExpireMaker or SelfTradePrevention.ExpireBoth)
                    {
                        ExpireMaker(market, maker, takerAccount, taker, prevented);
                    }

                    if (mode is SelfTradePrevention.ExpireTaker or SelfTradePrevention.ExpireBoth)
                    {
                        return prevented;
                    }

                    // An emptied level was recycled with no orders, which ends this loop.
                    continue;
                }

                Fill(market, taker, takerAccount, maker, level, Math.Min(wanted, maker.VisibleRemaining));
            }
        }

        return -1;
    }

    /// <summary>How much base quantity the taker still wants at <paramref name="price"/>.</summary>
    private static long WantedAt(Market market, Order taker, long price)
    {
        if (taker.QuoteQuantity == 0)
        {
            // A market buy by quantity locked what the book would charge; it never spends more, whatever happens.
            return taker.Side == Side.Buy && taker.Type == OrderType.Market
                ? Math.Min(taker.Remaining, Arithmetic.AffordableQuantity(taker.Reserved, price, market.BaseUnit, market.Spec.LotSize))
                : taker.Remaining;
        }

        var affordable = Arithmetic.AffordableQuantity(taker.QuoteQuantity - taker.CumulativeQuote, price, market.BaseUnit, market.Spec.LotSize);
        // A sell by quote amount can't sell more than it locked.
        return taker.Side == Side.Buy ? affordable : Math.Min(affordable, taker.Reserved);
    }

    private static bool IsQuoteTargetMet(Market market, Order taker) =>
        taker.ExecutedQuantity > 0
        && Arithmetic.AffordableQuantity(taker.QuoteQuantity - taker.CumulativeQuote, market.LastPrice, market.BaseUnit, market.Spec.LotSize) == 0;

    /// <summary>
    /// Trades <paramref name="quantity"/> between taker and maker at the maker's price and settles both accounts and
    /// the fee account. A filled maker leaves the book; an emptied level is recycled.
    /// </summary>
    private void Fill(Market market, Order taker, Account takerAccount, Order maker, PriceLevel level, long quantity)
    {
        var price = level.Price;
        var quote = Arithmetic.Notional(price, quantity, market.BaseUnit);
        var spec = market.Spec;
        var makerAccount = maker.Owner!;
        var feeAccount = _ledger.FeeAccount;
        var buyerAccount = taker.Side == Side.Buy ? takerAccount : makerAccount;
        var sellerAccount = taker.Side == Side.Buy ? makerAccount : takerAccount;
        var buyer = taker.Side == Side.Buy ? taker : maker;
        var seller = taker.Side == Side.Buy ? maker : taker;

        // Each side pays its fee in the asset it receives.
        var buyerFee = Arithmetic.Fee(quantity, buyer == taker ? _referenceData.FeeTierOf(buyerAccount).TakerPpm : _referenceData.FeeTierOf(buyerAccount).MakerPpm);
        var sellerFee = Arithmetic.Fee(quote, seller == taker ? _referenceData.FeeTierOf(sellerAccount).TakerPpm : _referenceData.FeeTierOf(sellerAccount).MakerPpm);

        _ledger.Touch(buyerAccount, spec.QuoteAssetId).Locked -= quote;
        buyer.Reserved -= quote;
        _ledger.Touch(buyerAccount, spec.BaseAssetId).Available += quantity - buyerFee;
        _ledger.Touch(sellerAccount, spec.BaseAssetId).Locked -= quantity;
        seller.Reserved -= quantity;
        _ledger.Touch(sellerAccount, spec.QuoteAssetId).Available += quote - sellerFee;
        _ledger.Touch(feeAccount, spec.BaseAssetId).Available += buyerFee;
        _ledger.Touch(feeAccount, spec.QuoteAssetId).Available += sellerFee;

        taker.ExecutedQuantity += quantity;
        taker.CumulativeQuote += quote;
        maker.ExecutedQuantity += quantity;
        maker.CumulativeQuote += quote;
        TouchLevel(market, maker.Side, level);
        maker.VisibleRemaining -= quantity;
        level.VisibleQuantity -= quantity;
        level.TotalQuantity -= quantity;
        market.LastPrice = price;
        var tradeId = ++market.LastTradeId;

        var takerFee = taker == buyer ? buyerFee : sellerFee;
        var makerFee = maker == buyer ? buyerFee : sellerFee;
        ref var trade = ref _scope.Emit(EventType.Trade);
        trade.MarketId = market.Id;
        trade.TradeId = tradeId;
        trade.LastPrice = price;
        trade.LastQuantity = quantity;
        trade.LastQuote = quote;
        trade.Side = taker.Side;
        trade.OrderId = taker.Id;
        trade.UserId = taker.UserId;
        trade.CounterOrderId = maker.Id;
        trade.CounterUserId = maker.UserId;
        trade.Commission = takerFee;
        trade.CommissionAssetId = taker == buyer ? spec.BaseAssetId : spec.QuoteAssetId;
        trade.CounterCommission = makerFee;

        var makerDone = maker.Remaining == 0;
        EmitFill(market, maker, taker, tradeId, price, quantity, quote, makerFee, isMaker: true, makerDone);
        var takerDone = taker.QuoteQuantity > 0 ? IsQuoteTargetMet(market, taker) : taker.Remaining == 0;
        if (!taker.IsConvertLeg)
        {
            EmitFill(market, taker, maker, tradeId, price, quantity, quote, takerFee, isMaker: false, takerDone);
        }

        if (maker.VisibleRemaining > 0)
        {
            return;
        }

        if (!makerDone)
        {
            // An iceberg shows its next slice at the back of the queue: it loses time priority.
            level.Remove(maker);
            maker.VisibleRemaining = Math.Min(maker.IcebergQuantity, maker.Remaining);
            level.Append(maker);
            return;
        }

        Unrest(market, maker);
        Unregister(maker, makerAccount);
        ReturnOrder(maker);
    }

    private void EmitFill(Market market, Order order, Order counter, long tradeId, long price, long quantity, long quote,
        long commission, bool isMaker, bool done)
    {
        ref var e = ref EmitOrder(done ? EventType.OrderFilled : EventType.OrderPartiallyFilled, order,
            done ? OrderStatus.Filled : OrderStatus.PartiallyFilled);
        e.TradeId = tradeId;
        e.LastPrice = price;
        e.LastQuantity = quantity;
        e.LastQuote = quote;
        e.IsMaker = isMaker;
        e.CounterOrderId = counter.Id;
        e.CounterUserId = counter.UserId;
        e.Commission = commission;
        e.CommissionAssetId = order.Side == Side.Buy ? market.Spec.BaseAssetId : market.Spec.QuoteAssetId;
    }

    private void ExpireMaker(Market market, Order maker, Account account, Order taker, long prevented)
    {
        Close(market, maker, account, EventType.OrderExpired, OrderStatus.ExpiredInMatch, prevented);
        // Close emitted the maker's final state; note which taker it met.
        ref var e = ref _scope.LastEvent();
        e.CounterOrderId = taker.Id;
        e.CounterUserId = taker.UserId;
    }

    /// <summary>
    /// What the opposite side offers a taker up to <paramref name="limit"/>: base quantity (at most
    /// <paramref name="maxQuantity"/>, and at most what <paramref name="maxQuote"/> buys when positive) and its quote
    /// cost, honouring the taker's self-trade prevention exactly as <see cref="Match"/> would. Changes nothing.
    /// Returns false when the cost does not fit a long.
    /// </summary>
    private bool WalkLiquidity(Market market, Side takerSide, long limit, long userId, SelfTradePrevention stp,
        long maxQuantity, long maxQuote, out long quantity, out long quote)
    {
        quantity = 0;
        Int128 cost = 0;
        var book = market.OppositeOf(takerSide);
        for (var depth = 0; depth < book.LevelCount && quantity < maxQuantity; depth++)
        {
            var level = book.LevelAt(depth);
            if (!Crosses(takerSide, level.Price, limit))
            {
                break;
            }

            var available = level.TotalQuantity;
            var stopsHere = false;
            if (stp != SelfTradePrevention.None)
            {
                available = 0;
                long beforeSelf = 0;
                for (var order = level.Head; order is not null; order = order.Next)
                {
                    if (order.UserId != userId)
                    {
                        available += order.Remaining;
                        beforeSelf += order.VisibleRemaining;
                    }
                    else if (stp is SelfTradePrevention.ExpireTaker or SelfTradePrevention.ExpireBoth)
                    {
                        // The taker expires on meeting its own order, after the slices shown ahead of it.
                        available = beforeSelf;
                        stopsHere = true;
                        break;
                    }
                }
            }

            var take = Math.Min(available, maxQuantity - quantity);
            if (maxQuote > 0)
            {
                var affordable = Arithmetic.AffordableQuantity((long)Int128.Min(maxQuote - cost, long.MaxValue), level.Price,
                    market.BaseUnit, market.Spec.LotSize);
                if (affordable < take)
                {
                    take = affordable;
                    stopsHere = true;
                }
            }

            quantity += take;
            cost += (Int128)level.Price * take / market.BaseUnit;
            if (stopsHere)
            {
                break;
            }
        }

        quote = cost > long.MaxValue ? 0 : (long)cost;
        return cost <= long.MaxValue;
    }
}
