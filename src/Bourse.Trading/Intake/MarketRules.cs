using Bourse.Core;
using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Trading;

/// <summary>
/// The checks of an order against its market that need nothing but the market's spec and status: status, price and
/// quantity filters, notional, iceberg parts, stop price. They answer as the core would (the core checks them again,
/// in the same order, as the authority); what needs the book or the account — balance, open-order count, LIMIT_MAKER
/// crossing, a stop already triggered, fill-or-kill — stays the core's alone.
/// </summary>
internal static class MarketRules
{
    public static RejectReason Check(in Command command, TradingMarket market)
    {
        if (market.Status != MarketStatus.Trading)
        {
            return RejectReason.MarketNotTrading;
        }

        var spec = market.Spec;
        var baseUnit = Arithmetic.Pow10(market.Base.Scale);
        return command.OrderType switch
        {
            OrderType.Limit => CheckLimit(in command, spec, baseUnit, command.TimeInForce),
            OrderType.LimitMaker => command.TimeInForce is TimeInForce.None or TimeInForce.Gtc
                ? CheckLimit(in command, spec, baseUnit, TimeInForce.Gtc)
                : RejectReason.InvalidTimeInForce,
            OrderType.StopLossLimit or OrderType.TakeProfitLimit => CheckStop(in command, spec, baseUnit),
            OrderType.Market => CheckMarket(in command, spec),
            _ => RejectReason.InvalidOrderType,
        };
    }

    private static RejectReason CheckLimit(in Command command, MarketSpec spec, long baseUnit, TimeInForce timeInForce)
    {
        if (timeInForce is not (TimeInForce.Gtc or TimeInForce.Ioc or TimeInForce.Fok))
        {
            return RejectReason.InvalidTimeInForce;
        }

        var reason = CheckPrice(command.Price, spec);
        if (reason == RejectReason.None)
        {
            reason = CheckQuantity(command.Quantity, spec);
        }

        if (reason == RejectReason.None)
        {
            reason = CheckNotional(command.Price, command.Quantity, spec, baseUnit);
        }

        if (reason == RejectReason.None && command.IcebergQuantity != 0)
        {
            reason = CheckIceberg(in command, spec, timeInForce);
        }

        return reason;
    }

    private static RejectReason CheckStop(in Command command, MarketSpec spec, long baseUnit)
    {
        var reason = CheckLimit(in command, spec, baseUnit, command.TimeInForce);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        return CheckPrice(command.StopPrice, spec) != RejectReason.None ? RejectReason.InvalidStopPrice : RejectReason.None;
    }

    private static RejectReason CheckMarket(in Command command, MarketSpec spec)
    {
        if (command.TimeInForce != TimeInForce.None || command.IcebergQuantity != 0 || command.Price != 0 || command.StopPrice != 0)
        {
            return RejectReason.InvalidOrderType;
        }

        if ((command.Quantity > 0) == (command.QuoteQuantity > 0) || command.Quantity < 0 || command.QuoteQuantity < 0)
        {
            return RejectReason.InvalidQuantity;
        }

        if (command.Quantity > 0)
        {
            return CheckQuantity(command.Quantity, spec);
        }

        return command.QuoteQuantity < spec.MinNotional || (spec.MaxNotional > 0 && command.QuoteQuantity > spec.MaxNotional)
            ? RejectReason.Notional
            : RejectReason.None;
    }

    private static RejectReason CheckPrice(long price, MarketSpec spec)
    {
        if (price <= 0)
        {
            return RejectReason.InvalidPrice;
        }

        return price % spec.TickSize != 0 || price < spec.MinPrice || (spec.MaxPrice > 0 && price > spec.MaxPrice)
            ? RejectReason.PriceFilter
            : RejectReason.None;
    }

    private static RejectReason CheckQuantity(long quantity, MarketSpec spec)
    {
        if (quantity <= 0)
        {
            return RejectReason.InvalidQuantity;
        }

        return quantity % spec.LotSize != 0 || quantity < spec.MinQuantity || quantity > spec.MaxQuantity
            ? RejectReason.LotSize
            : RejectReason.None;
    }

    private static RejectReason CheckNotional(long price, long quantity, MarketSpec spec, long baseUnit)
    {
        if (!Arithmetic.TryNotional(price, quantity, baseUnit, out var notional))
        {
            return RejectReason.Overflow;
        }

        return notional < spec.MinNotional || (spec.MaxNotional > 0 && notional > spec.MaxNotional)
            ? RejectReason.Notional
            : RejectReason.None;
    }

    private static RejectReason CheckIceberg(in Command command, MarketSpec spec, TimeInForce timeInForce)
    {
        var visible = command.IcebergQuantity;
        if (timeInForce != TimeInForce.Gtc || visible < 0 || visible >= command.Quantity || visible % spec.LotSize != 0
            || visible < spec.MinQuantity)
        {
            return RejectReason.InvalidIceberg;
        }

        var parts = (command.Quantity + visible - 1) / visible;
        return parts > spec.MaxIcebergParts ? RejectReason.InvalidIceberg : RejectReason.None;
    }
}
