using Bourse.Core.Model;

namespace Bourse.Trading;

/// <summary>
/// Which fields each order type takes, whatever the protocol:
/// <list type="table">
/// <item><term>LIMIT</term><description>timeInForce, quantity, price</description></item>
/// <item><term>MARKET</term><description>quantity or quoteQuantity (one of them)</description></item>
/// <item><term>STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT</term><description>timeInForce, quantity, price, stopPrice</description></item>
/// <item><term>LIMIT_MAKER</term><description>quantity, price, no timeInForce</description></item>
/// </list>
/// An iceberg must be able to rest (GTC) and its slice cannot exceed the order. The first broken rule is the answer.
/// </summary>
internal static class OrderCombinations
{
    public static Rejection? Check(OrderIntent intent)
    {
        var (type, timeInForce) = (intent.Type, intent.TimeInForce);
        var rejection = type switch
        {
            OrderType.Limit => Require(timeInForce, OrderField.TimeInForce) ?? Require(intent.Quantity, OrderField.Quantity)
                ?? Require(intent.Price, OrderField.Price) ?? Forbid(intent.QuoteQuantity, OrderField.QuoteQuantity)
                ?? Forbid(intent.StopPrice, OrderField.StopPrice),
            OrderType.Market => Forbid(timeInForce, OrderField.TimeInForce) ?? Forbid(intent.Price, OrderField.Price)
                ?? Forbid(intent.StopPrice, OrderField.StopPrice) ?? Forbid(intent.IcebergQuantity, OrderField.IcebergQuantity)
                ?? (intent.Quantity is null && intent.QuoteQuantity is null ? Rejection.Either(OrderField.Quantity, OrderField.QuoteQuantity) : null)
                ?? (intent.Quantity is not null ? Forbid(intent.QuoteQuantity, OrderField.QuoteQuantity) : null),
            OrderType.StopLossLimit or OrderType.TakeProfitLimit => Require(timeInForce, OrderField.TimeInForce)
                ?? Require(intent.Quantity, OrderField.Quantity) ?? Require(intent.Price, OrderField.Price)
                ?? Require(intent.StopPrice, OrderField.StopPrice) ?? Forbid(intent.QuoteQuantity, OrderField.QuoteQuantity),
            OrderType.LimitMaker => Forbid(timeInForce, OrderField.TimeInForce) ?? Require(intent.Quantity, OrderField.Quantity)
                ?? Require(intent.Price, OrderField.Price) ?? Forbid(intent.QuoteQuantity, OrderField.QuoteQuantity)
                ?? Forbid(intent.StopPrice, OrderField.StopPrice),
            _ => new Rejection(TradingRejection.InvalidOrderType),
        };
        return rejection ?? CheckIceberg(intent);
    }

    private static Rejection? CheckIceberg(OrderIntent intent)
    {
        if (intent.IcebergQuantity is not { } visible || intent.Type == OrderType.Market)
        {
            return null;
        }

        // An iceberg must rest: GTC (a LIMIT_MAKER always is).
        if (intent.Type != OrderType.LimitMaker && intent.TimeInForce is not (null or TimeInForce.Gtc))
        {
            return new Rejection(TradingRejection.UnsupportedCombination);
        }

        return intent.Quantity is { } total && visible > total ? new Rejection(TradingRejection.IcebergExceedsQuantity) : null;
    }

    private static Rejection? Require<T>(T? value, OrderField field)
        where T : struct => value is null ? Rejection.Missing(field) : null;

    private static Rejection? Forbid<T>(T? value, OrderField field)
        where T : struct => value is not null ? Rejection.NotAllowed(field) : null;
}
