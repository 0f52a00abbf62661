using Bourse.Core.Commands;
using Bourse.Core.Model;

namespace Bourse.Core.Markets;

/// <summary>
/// The checks of an order that need nothing but its market's spec: order type and time in force, the price, lot and
/// notional filters, iceberg parts, stop price. One rule set for both callers: the core runs it on placement as the
/// authority, and the trading intake runs it before logging so a request it would refuse never reaches the log.
/// The first failure is the answer, in a fixed order that the recorded logs depend on. The market's status and what
/// needs the book or the account (balance, open-order count, LIMIT_MAKER crossing, a stop already triggered,
/// fill-or-kill) are not here.
/// </summary>
public static class MarketRules
{
    /// <summary>
    /// Why <paramref name="order"/> breaks <paramref name="spec"/>'s rules, or <see cref="RejectReason.None"/>.
    /// <paramref name="baseUnit"/> is 10^(base asset scale), the divisor of price × quantity.
    /// </summary>
    public static RejectReason Check(in Command order, MarketSpec spec, long baseUnit)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return order.OrderType switch
        {
            OrderType.Limit => CheckLimit(in order, spec, baseUnit, order.TimeInForce),
            // A LIMIT_MAKER rests or is refused, so it is judged as good-till-cancelled.
            OrderType.LimitMaker => order.TimeInForce is TimeInForce.None or TimeInForce.Gtc
                ? CheckLimit(in order, spec, baseUnit, TimeInForce.Gtc)
                : RejectReason.InvalidTimeInForce,
            OrderType.StopLossLimit or OrderType.TakeProfitLimit => CheckStop(in order, spec, baseUnit),
            OrderType.Market => CheckMarket(in order, spec),
            _ => RejectReason.InvalidOrderType,
        };
    }

    private static RejectReason CheckLimit(in Command order, MarketSpec spec, long baseUnit, TimeInForce timeInForce)
    {
        if (timeInForce is not (TimeInForce.Gtc or TimeInForce.Ioc or TimeInForce.Fok))
        {
            return RejectReason.InvalidTimeInForce;
        }

        var reason = CheckPrice(order.Price, spec);
        if (reason == RejectReason.None)
        {
            reason = CheckQuantity(order.Quantity, spec);
        }

        if (reason == RejectReason.None)
        {
            reason = CheckNotional(order.Price, order.Quantity, spec, baseUnit);
        }

        if (reason == RejectReason.None && order.IcebergQuantity != 0)
        {
            reason = CheckIceberg(in order, spec, timeInForce);
        }

        return reason;
    }

    private static RejectReason CheckStop(in Command order, MarketSpec spec, long baseUnit)
    {
        var reason = CheckLimit(in order, spec, baseUnit, order.TimeInForce);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        return CheckPrice(order.StopPrice, spec) != RejectReason.None ? RejectReason.InvalidStopPrice : RejectReason.None;
    }

    private static RejectReason CheckMarket(in Command order, MarketSpec spec)
    {
        if (order.TimeInForce != TimeInForce.None || order.IcebergQuantity != 0 || order.Price != 0 || order.StopPrice != 0)
        {
            return RejectReason.InvalidOrderType;
        }

        // Exactly one of quantity and quote amount.
        if ((order.Quantity > 0) == (order.QuoteQuantity > 0) || order.Quantity < 0 || order.QuoteQuantity < 0)
        {
            return RejectReason.InvalidQuantity;
        }

        if (order.Quantity > 0)
        {
            return CheckQuantity(order.Quantity, spec);
        }

        return order.QuoteQuantity < spec.MinNotional || (spec.MaxNotional > 0 && order.QuoteQuantity > spec.MaxNotional)
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

    private static RejectReason CheckIceberg(in Command order, MarketSpec spec, TimeInForce timeInForce)
    {
        var visible = order.IcebergQuantity;
        if (timeInForce != TimeInForce.Gtc || visible < 0 || visible >= order.Quantity || visible % spec.LotSize != 0
            || visible < spec.MinQuantity)
        {
            return RejectReason.InvalidIceberg;
        }

        var parts = (order.Quantity + visible - 1) / visible;
        return parts > spec.MaxIcebergParts ? RejectReason.InvalidIceberg : RejectReason.None;
    }

    /// <summary>
    /// Why a market's spec cannot be listed, in words naming the filter, or null when it can. <paramref name="baseScale"/>
    /// is the base asset's scale. Whether both assets exist and differ, and whether the symbol is taken, are the
    /// reference data's to check.
    /// </summary>
    public static string? CheckSpec(MarketSpec spec, int baseScale)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec switch
        {
            _ when string.IsNullOrWhiteSpace(spec.Symbol) || spec.Symbol.Length > 32 => "the symbol must be 1 to 32 characters",
            _ when spec.TickSize <= 0 => "tickSize must be positive",
            _ when spec.LotSize <= 0 => "lotSize must be positive",
            _ when spec.MinQuantity < spec.LotSize || spec.MinQuantity % spec.LotSize != 0 => "minQuantity must be a positive multiple of lotSize",
            _ when spec.MaxQuantity < spec.MinQuantity || spec.MaxQuantity % spec.LotSize != 0 => "maxQuantity must be a multiple of lotSize, at least minQuantity",
            _ when spec.MinNotional < 0 => "minNotional must not be negative",
            _ when spec.MaxNotional < 0 || (spec.MaxNotional > 0 && spec.MaxNotional < spec.MinNotional) => "maxNotional must be 0 (none) or at least minNotional",
            _ when spec.MinPrice < 0 => "minPrice must not be negative",
            _ when spec.MaxPrice < 0 || (spec.MaxPrice > 0 && spec.MaxPrice < spec.MinPrice) => "maxPrice must be 0 (none) or at least minPrice",
            _ when spec.MarketOrderBandPpm <= 0 || spec.MarketOrderBandPpm >= Accounts.FeeTier.PpmScale => "marketOrderBand must be above 0 and below 1",
            _ when spec.MaxIcebergParts < 1 => "maxIcebergParts must be at least 1",
            _ when baseScale is < 0 or > 18 => "the base asset's scale is out of range",
            // Every fill's notional must be a whole number of quote units: tick × lot divisible by one base unit.
            _ when (Int128)spec.TickSize * spec.LotSize % Arithmetic.Pow10(baseScale) != 0 => "tickSize × lotSize must be a whole number of quote units",
            _ => null,
        };
    }
}
