using Bourse.Core.Commands;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core.Markets;

/// <summary>A trading pair: its reference data, status, order book, waiting stop orders and last trade.</summary>
public sealed class Market
{
    internal Market(MarketSpec spec, long baseUnit)
    {
        Spec = spec;
        BaseUnit = baseUnit;
    }

    public MarketSpec Spec { get; internal set; }

    public int Id => Spec.Id;

    public MarketStatus Status { get; internal set; } = MarketStatus.Trading;

    public BookSide Bids { get; } = new(Side.Buy);

    public BookSide Asks { get; } = new(Side.Sell);

    public StopOrders StopOrders { get; } = new();

    /// <summary>Price of the last trade; 0 before the first.</summary>
    public long LastPrice { get; internal set; }

    /// <summary>Trade ids run 1, 2, 3… per market, as Binance's do, and are reproduced by replay.</summary>
    public long LastTradeId { get; internal set; }

    /// <summary>Counts the commands that changed this market's book: 1, 2, 3…</summary>
    public long BookUpdateId { get; internal set; }

    internal long BookUpdatedBy;

    /// <summary>10^(base asset scale): the smallest units in one whole base unit, the divisor of price × quantity.</summary>
    public long BaseUnit { get; }

    public BookSide SideOf(Side side) => side == Side.Buy ? Bids : Asks;

    public BookSide OppositeOf(Side side) => side == Side.Buy ? Asks : Bids;
}
