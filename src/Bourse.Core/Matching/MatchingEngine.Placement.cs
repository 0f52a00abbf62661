using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core.Matching;

// Placing an order: every check runs before anything changes, so a rejected order leaves no trace but its event.
internal sealed partial class MatchingEngine
{
    private const int MaxClientOrderIdLength = 36;

    public void PlaceOrder(in Command command)
    {
        var reason = Validate(in command, out var market, out var account, out var reserve);
        if (reason != RejectReason.None)
        {
            EmitOrderRejected(in command, reason);
            return;
        }

        var order = RentOrder();
        order.Id = command.Sequence;
        order.UserId = command.UserId;
        order.MarketId = command.MarketId;
        order.ClientOrderId = command.ClientOrderId;
        order.Side = command.Side;
        order.Type = command.OrderType;
        order.TimeInForce = command.OrderType switch
        {
            OrderType.Market => TimeInForce.None,
            OrderType.LimitMaker => TimeInForce.Gtc,
            _ => command.TimeInForce,
        };
        order.SelfTradePrevention = command.SelfTradePrevention;
        order.Price = command.OrderType == OrderType.Market ? 0 : command.Price;
        order.Quantity = command.Quantity;
        order.QuoteQuantity = command.OrderType == OrderType.Market ? command.QuoteQuantity : 0;
        order.StopPrice = IsStop(command.OrderType) ? command.StopPrice : 0;
        order.IcebergQuantity = command.IcebergQuantity;
        order.CreatedAt = command.Timestamp;
        order.WorkingTime = IsStop(command.OrderType) ? 0 : command.Timestamp;
        order.Reserved = reserve;
        order.Owner = account;

        _ledger.Lock(account!, PaymentAssetOf(market!, command.Side), reserve);

        if (IsStop(order.Type))
        {
            order.IsPendingTrigger = true;
            Register(order, account!);
            market!.StopOrders.Add(order);
            EmitOrder(EventType.OrderAccepted, order, OrderStatus.PendingTrigger);
            return;
        }

        EmitOrder(EventType.OrderAccepted, order, OrderStatus.New);
        Execute(market!, order, account!, registered: false);
        TriggerStops(market!);
    }

    private static bool IsStop(OrderType type) => type is OrderType.StopLossLimit or OrderType.TakeProfitLimit;

    /// <summary>Checks an order against the market's filters and the user's balance; computes what it must lock.</summary>
    private RejectReason Validate(in Command command, out Market? market, out Account? account, out long reserve)
    {
        reserve = 0;
        account = null;
        market = _referenceData.GetMarket(command.MarketId);
        if (market is null)
        {
            return RejectReason.UnknownMarket;
        }

        if (market.Status != MarketStatus.Trading)
        {
            return RejectReason.MarketNotTrading;
        }

        if (command.UserId <= 0)
        {
            return RejectReason.InvalidUser;
        }

        if (command.Side is not (Side.Buy or Side.Sell))
        {
            return RejectReason.InvalidSide;
        }

        if (command.SelfTradePrevention > SelfTradePrevention.ExpireBoth)
        {
            return RejectReason.InvalidOrderType;
        }

        if (command.ClientOrderId is { } clientOrderId
            && (clientOrderId.Length is 0 or > MaxClientOrderIdLength
                || _openOrdersByClientId.ContainsKey(new ClientOrderKey(command.UserId, clientOrderId))))
        {
            return RejectReason.DuplicateClientOrderId;
        }

        var reason = MarketRules.Check(in command, market.Spec, market.BaseUnit);
        if (reason == RejectReason.None)
        {
            reason = ValidateAgainstBook(in command, market);
        }

        if (reason != RejectReason.None)
        {
            return reason;
        }

        account = _ledger.Find(command.UserId);
        if (account is null)
        {
            return RejectReason.InsufficientBalance;
        }

        if (account.IsRestricted(AccountRestrictions.Trading))
        {
            return RejectReason.AccountRestricted;
        }

        var canRest = command.OrderType is OrderType.LimitMaker or OrderType.StopLossLimit or OrderType.TakeProfitLimit
            || (command.OrderType == OrderType.Limit && command.TimeInForce == TimeInForce.Gtc);
        if (canRest && account.OpenOrderCount >= _options.MaxOpenOrdersPerUser)
        {
            return RejectReason.TooManyOpenOrders;
        }

        reason = ComputeReserve(in command, market, out reserve);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        if (account.GetBalance(PaymentAssetOf(market, command.Side)).Available < reserve)
        {
            return RejectReason.InsufficientBalance;
        }

        if (command.OrderType == OrderType.Limit && command.TimeInForce == TimeInForce.Fok)
        {
            WalkLiquidity(market, command.Side, command.Price, command.UserId, command.SelfTradePrevention,
                command.Quantity, 0, out var fillable, out _);
            if (fillable < command.Quantity)
            {
                return RejectReason.FokNotFillable;
            }
        }

        return RejectReason.None;
    }

    /// <summary>
    /// The checks of an order that passed <see cref="MarketRules"/> that need the book: a LIMIT_MAKER must not take,
    /// a stop must not be triggered already.
    /// </summary>
    private static RejectReason ValidateAgainstBook(in Command command, Market market)
    {
        if (command.OrderType == OrderType.LimitMaker)
        {
            var best = market.OppositeOf(command.Side).Best;
            return best is not null && Crosses(command.Side, best.Price, command.Price) ? RejectReason.WouldTake : RejectReason.None;
        }

        if (IsStop(command.OrderType))
        {
            return market.LastPrice > 0 && StopOrders.IsTriggered(command.Side, command.OrderType, command.StopPrice, market.LastPrice)
                ? RejectReason.WouldTriggerImmediately
                : RejectReason.None;
        }

        return RejectReason.None;
    }

    /// <summary>
    /// What an order locks: a limit buy its full price × quantity, a sell its quantity, a market buy by quantity what
    /// the book would charge within the price band, a market sell by quote amount the quantity the book needs.
    /// </summary>
    private RejectReason ComputeReserve(in Command command, Market market, out long reserve)
    {
        reserve = 0;
        if (command.OrderType != OrderType.Market)
        {
            if (command.Side == Side.Sell)
            {
                reserve = command.Quantity;
                return RejectReason.None;
            }

            return Arithmetic.TryNotional(command.Price, command.Quantity, market.BaseUnit, out reserve)
                ? RejectReason.None
                : RejectReason.Overflow;
        }

        if (command.Side == Side.Buy && command.QuoteQuantity > 0)
        {
            reserve = command.QuoteQuantity;
            return RejectReason.None;
        }

        if (command.Side == Side.Sell && command.Quantity > 0)
        {
            reserve = command.Quantity;
            return RejectReason.None;
        }

        var limit = BandLimit(market, command.Side);
        var maxQuantity = command.Side == Side.Buy ? command.Quantity : market.Spec.MaxQuantity;
        if (!WalkLiquidity(market, command.Side, limit, command.UserId, command.SelfTradePrevention, maxQuantity,
                command.QuoteQuantity, out var quantity, out var quote))
        {
            return RejectReason.Overflow;
        }

        reserve = command.Side == Side.Buy ? quote : quantity;
        return RejectReason.None;
    }

    /// <summary>
    /// The furthest price a market order may reach: the band around the last trade (or the touch before the first
    /// trade). Stops a thin book from filling a market order at any price.
    /// </summary>
    public static long BandLimit(Market market, Side side)
    {
        var reference = market.LastPrice > 0 ? market.LastPrice : market.OppositeOf(side).Best?.Price ?? 0;
        if (reference == 0)
        {
            return side == Side.Buy ? 0 : long.MaxValue;
        }

        var tick = market.Spec.TickSize;
        var band = (long)((Int128)reference * market.Spec.MarketOrderBandPpm / FeeTier.PpmScale);
        if (side == Side.Buy)
        {
            var high = reference > long.MaxValue - band ? long.MaxValue : reference + band;
            return high - (high % tick);
        }

        var low = reference - band;
        var rounded = low % tick == 0 ? low : low - (low % tick) + tick;
        return Math.Max(rounded, tick);
    }

    /// <summary>Whether a resting price is reachable by a taker on <paramref name="takerSide"/> limited at <paramref name="limit"/>.</summary>
    public static bool Crosses(Side takerSide, long restingPrice, long limit) =>
        takerSide == Side.Buy ? restingPrice <= limit : restingPrice >= limit;
}
