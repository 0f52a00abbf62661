using Bourse.Core.Model;

namespace Bourse.Store;

/// <summary>
/// An order as the store last saw it: its terms, its status and quantities after the latest change, and when that
/// change happened (<see cref="UpdateTime"/>, in the command <see cref="LastSequence"/>). A fill-or-kill the core
/// refused as unfillable is stored <see cref="OrderStatus.Expired"/>, as Binance reports it. Prices and quote amounts in
/// the quote asset's smallest unit, quantities in the base asset's; times in Unix ms.
/// </summary>
public sealed record StoredOrder(
    long OrderId,
    long UserId,
    int MarketId,
    string? ClientOrderId,
    Side Side,
    OrderType OrderType,
    TimeInForce TimeInForce,
    SelfTradePrevention SelfTradePrevention,
    OrderStatus Status,
    long Price,
    long Quantity,
    long QuoteQuantity,
    long StopPrice,
    long IcebergQuantity,
    long ExecutedQuantity,
    long CumulativeQuote,
    long PreventedQuantity,
    long CreatedAt,
    long WorkingTime,
    long UpdateTime,
    long LastSequence);
