using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core.Matching;

// Snapshot section: a market's trading state (last trade, book update id, both sides in queue order, waiting stops),
// written after its spec; the indexes of open orders are rebuilt from the books when read.
internal sealed partial class MatchingEngine
{
    public static void WriteBook(BinaryWriter w, Market market)
    {
        w.Write(market.LastPrice);
        w.Write(market.LastTradeId);
        w.Write(market.BookUpdateId);
        foreach (var side in new[] { market.Bids, market.Asks })
        {
            w.Write(side.LevelCount);
            foreach (var level in side.Levels)
            {
                w.Write(level.OrderCount);
                foreach (var order in level.Orders)
                {
                    WriteOrder(w, order);
                }
            }
        }

        var stops = market.StopOrders.Orders.ToList();
        w.Write(stops.Count);
        foreach (var order in stops)
        {
            WriteOrder(w, order);
        }
    }

    /// <summary>Reads a market's book and stops; its orders are added to <paramref name="recovered"/> for <see cref="RegisterRecovered"/>.</summary>
    public static void ReadBook(BinaryReader r, Market market, List<Order> recovered)
    {
        market.LastPrice = r.ReadInt64();
        market.LastTradeId = r.ReadInt64();
        market.BookUpdateId = r.ReadInt64();
        foreach (var side in new[] { market.Bids, market.Asks })
        {
            // Levels were written best first; each level's orders in queue order.
            for (var levels = r.ReadInt32(); levels > 0; levels--)
            {
                for (var orders = r.ReadInt32(); orders > 0; orders--)
                {
                    var order = ReadOrder(r, market.Id);
                    side.GetOrAddLevel(order.Price).Append(order);
                    recovered.Add(order);
                }
            }
        }

        for (var stops = r.ReadInt32(); stops > 0; stops--)
        {
            var order = ReadOrder(r, market.Id);
            market.StopOrders.Add(order);
            recovered.Add(order);
        }
    }

    /// <summary>Makes the orders read from every book findable and lists them under their owners (whose accounts are read).</summary>
    public void RegisterRecovered(List<Order> recovered)
    {
        // Owners list their open orders in placement order, which is id order.
        foreach (var order in recovered.OrderBy(o => o.Id))
        {
            order.Owner = _ledger.Find(order.UserId);
            Register(order, order.Owner!);
        }
    }

    private static void WriteOrder(BinaryWriter w, Order order)
    {
        w.Write(order.Id);
        w.Write(order.UserId);
        w.Write(order.ClientOrderId ?? string.Empty);
        w.Write((byte)order.Side);
        w.Write((byte)order.Type);
        w.Write((byte)order.TimeInForce);
        w.Write((byte)order.SelfTradePrevention);
        w.Write(order.Price);
        w.Write(order.Quantity);
        w.Write(order.StopPrice);
        w.Write(order.IcebergQuantity);
        w.Write(order.ExecutedQuantity);
        w.Write(order.CumulativeQuote);
        w.Write(order.Reserved);
        w.Write(order.VisibleRemaining);
        w.Write(order.CreatedAt);
        w.Write(order.WorkingTime);
        w.Write(order.IsPendingTrigger);
    }

    private static Order ReadOrder(BinaryReader r, int marketId)
    {
        var order = new Order
        {
            Id = r.ReadInt64(),
            UserId = r.ReadInt64(),
            MarketId = marketId,
        };
        var clientOrderId = r.ReadString();
        order.ClientOrderId = clientOrderId.Length == 0 ? null : clientOrderId;
        order.Side = (Side)r.ReadByte();
        order.Type = (OrderType)r.ReadByte();
        order.TimeInForce = (TimeInForce)r.ReadByte();
        order.SelfTradePrevention = (SelfTradePrevention)r.ReadByte();
        order.Price = r.ReadInt64();
        order.Quantity = r.ReadInt64();
        order.StopPrice = r.ReadInt64();
        order.IcebergQuantity = r.ReadInt64();
        order.ExecutedQuantity = r.ReadInt64();
        order.CumulativeQuote = r.ReadInt64();
        order.Reserved = r.ReadInt64();
        order.VisibleRemaining = r.ReadInt64();
        order.CreatedAt = r.ReadInt64();
        order.WorkingTime = r.ReadInt64();
        order.IsPendingTrigger = r.ReadBoolean();
        return order;
    }
}
