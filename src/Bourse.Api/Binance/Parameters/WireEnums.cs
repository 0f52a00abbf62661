using Bourse.Core.Model;

namespace Bourse.Api.Binance;

/// <summary>Binance's names for the core's enums and for the API's own options.</summary>
public static class WireEnums
{
    public static WireEnum<Side> Side { get; } = new(
        [(Core.Model.Side.Buy, "BUY"), (Core.Model.Side.Sell, "SELL")],
        static (_, _) => BinanceErrors.InvalidSide);

    public static WireEnum<OrderType> OrderType { get; } = new(
        [
            (Core.Model.OrderType.Limit, "LIMIT"),
            (Core.Model.OrderType.Market, "MARKET"),
            (Core.Model.OrderType.LimitMaker, "LIMIT_MAKER"),
            (Core.Model.OrderType.StopLossLimit, "STOP_LOSS_LIMIT"),
            (Core.Model.OrderType.TakeProfitLimit, "TAKE_PROFIT_LIMIT"),
        ],
        static (_, text) => text switch
        {
            // Real Binance types Bourse does not offer: say so in Binance's words rather than "invalid".
            "STOP_LOSS" => BinanceErrors.StopLossNotSupported,
            "TAKE_PROFIT" => BinanceErrors.TakeProfitNotSupported,
            _ => BinanceErrors.InvalidOrderType,
        });

    /// <summary>A market order has no time in force in the core; Binance reports it as GTC.</summary>
    public static WireEnum<TimeInForce> TimeInForce { get; } = new(
        [
            (Core.Model.TimeInForce.Gtc, "GTC"),
            (Core.Model.TimeInForce.Ioc, "IOC"),
            (Core.Model.TimeInForce.Fok, "FOK"),
            (Core.Model.TimeInForce.None, "GTC"),
        ],
        static (_, _) => BinanceErrors.InvalidTimeInForce);

    /// <summary>What Binance says a selfTradePreventionMode looks like when it is not one.</summary>
    public const string SelfTradePreventionLegalRange = "NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH";

    public static WireEnum<SelfTradePrevention> SelfTradePrevention { get; } = new(
        [
            (Core.Model.SelfTradePrevention.None, "NONE"),
            (Core.Model.SelfTradePrevention.ExpireTaker, "EXPIRE_TAKER"),
            (Core.Model.SelfTradePrevention.ExpireMaker, "EXPIRE_MAKER"),
            (Core.Model.SelfTradePrevention.ExpireBoth, "EXPIRE_BOTH"),
        ],
        static (parameter, _) => BinanceErrors.IllegalCharactersIn(parameter, SelfTradePreventionLegalRange));

    public static WireEnum<OrderResponseType> OrderResponseType { get; } = new(
        [
            (Binance.OrderResponseType.Ack, "ACK"),
            (Binance.OrderResponseType.Result, "RESULT"),
            (Binance.OrderResponseType.Full, "FULL"),
        ],
        static (parameter, _) => BinanceErrors.IllegalCharactersIn(parameter, "ACK, RESULT, FULL"));

    public static WireEnum<CancelReplaceMode> CancelReplaceMode { get; } = new(
        [
            (Binance.CancelReplaceMode.StopOnFailure, "STOP_ON_FAILURE"),
            (Binance.CancelReplaceMode.AllowFailure, "ALLOW_FAILURE"),
        ],
        static (parameter, _) => BinanceErrors.IllegalCharactersIn(parameter, "STOP_ON_FAILURE, ALLOW_FAILURE"));

    /// <summary>A stop order waiting for its trigger is "NEW" on Binance (and not yet working).</summary>
    public static WireEnum<OrderStatus> OrderStatus { get; } = new(
        [
            (Core.Model.OrderStatus.New, "NEW"),
            (Core.Model.OrderStatus.PartiallyFilled, "PARTIALLY_FILLED"),
            (Core.Model.OrderStatus.Filled, "FILLED"),
            (Core.Model.OrderStatus.Canceled, "CANCELED"),
            (Core.Model.OrderStatus.Rejected, "REJECTED"),
            (Core.Model.OrderStatus.Expired, "EXPIRED"),
            (Core.Model.OrderStatus.ExpiredInMatch, "EXPIRED_IN_MATCH"),
            (Core.Model.OrderStatus.PendingTrigger, "NEW"),
        ],
        static (parameter, _) => BinanceErrors.InvalidParameter(parameter));

    /// <summary>Binance symbol statuses: a cancel-only market is in a "BREAK", a delisted one at its "END_OF_DAY" for good.</summary>
    public static WireEnum<MarketStatus> MarketStatus { get; } = new(
        [
            (Core.Model.MarketStatus.Trading, "TRADING"),
            (Core.Model.MarketStatus.Halted, "HALT"),
            (Core.Model.MarketStatus.CancelOnly, "BREAK"),
            (Core.Model.MarketStatus.Delisted, "END_OF_DAY"),
        ],
        static (parameter, _) => BinanceErrors.InvalidParameter(parameter));
}
