using Bourse.Core.Model;

namespace Bourse.Trading;

/// <summary>
/// An order as a client asked for it, whatever the protocol: amounts in whole units of their asset as
/// <see cref="decimal"/> (the intake turns them into smallest units against the market), and every optional field
/// null when not sent, so the intake can tell "not sent" from "zero" and apply the per-type rules.
/// </summary>
public sealed record OrderIntent(long UserId, string Symbol, Side Side, OrderType Type)
{
    public TimeInForce? TimeInForce { get; init; }

    /// <summary>Base quantity.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Quote amount of a market order by amount.</summary>
    public decimal? QuoteQuantity { get; init; }

    /// <summary>Limit price: quote units per whole base unit.</summary>
    public decimal? Price { get; init; }

    public decimal? StopPrice { get; init; }

    /// <summary>The visible slice of an iceberg.</summary>
    public decimal? IcebergQuantity { get; init; }

    /// <summary>The client's id for the order; the protocol generates one when the client sent none.</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>Null takes the market's default.</summary>
    public SelfTradePrevention? SelfTradePrevention { get; init; }
}
