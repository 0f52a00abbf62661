using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Trading;

/// <summary>
/// The one way into trading for every protocol: a typed intent in, a validated core command or a typed rejection
/// out. Protocols parse their own wire format into intents and map rejections to their own errors; the rules about
/// orders themselves — which market, which fields each type takes, amounts exact in the asset's smallest unit, the
/// market's status and filters — live here once. Checks run in a fixed order and the first failure is the answer:
/// market, then amounts field by field, then the combination of fields, then (placing only) the market's rules.
/// </summary>
public sealed class TradingIntake(IMarketDirectory markets)
{
    /// <summary>The market named <paramref name="symbol"/>, or null: for protocols that must refuse an unknown symbol before reading on.</summary>
    public TradingMarket? FindMarket(string symbol) => markets.FindMarket(symbol);

    /// <summary>
    /// An order to place now: everything <see cref="TranslateOrder"/> checks, then the market's status and filters,
    /// so a request the core would refuse for them never reaches the log.
    /// </summary>
    public IntakeResult<ValidatedOrder> PlaceOrder(OrderIntent intent)
    {
        var translated = TranslateOrder(intent);
        return translated.IsAccepted && CheckMarketRules(translated.Value) is { } rejection ? rejection : translated;
    }

    /// <summary>
    /// A translated order against its market's status and filters: null when it passes. For protocols that do
    /// something of their own between translating and this: the server counts an order against the account's limits
    /// first, so an order these rules refuse still counts, as it did when the core alone refused it.
    /// </summary>
    public static Rejection? CheckMarketRules(ValidatedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var market = order.Market;
        if (market.Status != MarketStatus.Trading)
        {
            return CoreRejections.ForPlacement(RejectReason.MarketNotTrading);
        }

        var reason = MarketRules.Check(order.Command, market.Spec, Arithmetic.Pow10(market.Base.Scale));
        return reason == RejectReason.None ? null : CoreRejections.ForPlacement(reason);
    }

    /// <summary>
    /// An order's own checks — market, amounts, combination — without the market's status and filters: for a test
    /// order, and for the new order of a cancel-replace, whose filters the core judges after the cancel.
    /// </summary>
    public IntakeResult<ValidatedOrder> TranslateOrder(OrderIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var market = markets.FindMarket(intent.Symbol);
        return market is null ? Rejection.UnknownSymbol : TranslateOrder(intent, market);
    }

    public IntakeResult<ValidatedCancel> CancelOrder(CancelOrderIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var market = markets.FindMarket(intent.Symbol);
        if (market is null)
        {
            return Rejection.UnknownSymbol;
        }

        if (intent.Target is { OrderId: null, ClientOrderId: null })
        {
            return Rejection.Either(OrderField.OrigClientOrderId, OrderField.OrderId);
        }

        var command = new Command
        {
            Type = CommandType.CancelOrder,
            UserId = intent.UserId,
            MarketId = market.Id,
            TargetOrderId = intent.Target.OrderId ?? 0,
            TargetClientOrderId = intent.Target.ClientOrderId,
        };
        return new ValidatedCancel(command, market);
    }

    public IntakeResult<ValidatedCancel> CancelAll(CancelAllIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var market = markets.FindMarket(intent.Symbol);
        return market is null ? Rejection.UnknownSymbol : new ValidatedCancel(Command.CancelAll(intent.UserId, market.Id), market);
    }

    public IntakeResult<ValidatedCancelReplace> CancelReplace(CancelReplaceIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var market = markets.FindMarket(intent.NewOrder.Symbol);
        if (market is null)
        {
            return Rejection.UnknownSymbol;
        }

        if (intent.Cancel is { OrderId: null, ClientOrderId: null })
        {
            return Rejection.Either(OrderField.CancelOrderId, OrderField.CancelOrigClientOrderId);
        }

        var order = TranslateOrder(intent.NewOrder, market);
        if (!order.IsAccepted)
        {
            return order.Rejection;
        }

        var command = Command.CancelReplace(intent.Cancel.OrderId ?? 0, order.Value.Command, intent.AllowFailure);
        command.TargetClientOrderId = intent.Cancel.ClientOrderId;
        return new ValidatedCancelReplace(command, market, order.Value);
    }

    public IntakeResult<OrderQuery> QueryOrder(QueryOrderIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var market = markets.FindMarket(intent.Symbol);
        if (market is null)
        {
            return Rejection.UnknownSymbol;
        }

        return intent.Target is { OrderId: null, ClientOrderId: null }
            ? Rejection.Either(OrderField.OrigClientOrderId, OrderField.OrderId)
            : new OrderQuery(market, intent.Target.OrderId, intent.Target.ClientOrderId);
    }

    private static IntakeResult<ValidatedOrder> TranslateOrder(OrderIntent intent, TradingMarket market)
    {
        var baseScale = market.Base.Scale;
        var quoteScale = market.Quote.Scale;
        Rejection? rejection = null;
        var quantity = Units(intent.Quantity, baseScale, OrderField.Quantity, MarketFilter.LotSize, ref rejection);
        var quoteQuantity = Units(intent.QuoteQuantity, quoteScale, OrderField.QuoteQuantity, MarketFilter.Notional, ref rejection);
        var price = Units(intent.Price, quoteScale, OrderField.Price, MarketFilter.Price, ref rejection);
        var stopPrice = Units(intent.StopPrice, quoteScale, OrderField.StopPrice, MarketFilter.Price, ref rejection);
        var icebergQuantity = Units(intent.IcebergQuantity, baseScale, OrderField.IcebergQuantity, MarketFilter.LotSize, ref rejection);
        rejection ??= OrderCombinations.Check(intent);
        if (rejection is not null)
        {
            return rejection;
        }

        var type = intent.Type;
        var command = new Command
        {
            Type = CommandType.PlaceOrder,
            UserId = intent.UserId,
            MarketId = market.Id,
            Side = intent.Side,
            OrderType = type,
            TimeInForce = type is OrderType.Market or OrderType.LimitMaker ? TimeInForce.None : intent.TimeInForce ?? TimeInForce.None,
            Price = price,
            Quantity = quantity,
            QuoteQuantity = quoteQuantity,
            StopPrice = stopPrice,
            IcebergQuantity = icebergQuantity,
            ClientOrderId = intent.ClientOrderId,
            SelfTradePrevention = intent.SelfTradePrevention ?? market.DefaultSelfTradePrevention,
        };
        return new ValidatedOrder(command, market);
    }

    /// <summary>An amount in smallest units (0 when not sent); the first failure goes to <paramref name="rejection"/>.</summary>
    private static long Units(decimal? amount, int scale, OrderField field, MarketFilter overflowFilter, ref Rejection? rejection)
    {
        if (amount is not { } value || rejection is not null)
        {
            return 0;
        }

        var units = AmountUnits.ToUnits(value, scale, field, overflowFilter, out var failed);
        rejection = failed;
        return units ?? 0;
    }
}
