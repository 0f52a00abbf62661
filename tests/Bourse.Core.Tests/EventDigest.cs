using System.Security.Cryptography;
using Bourse.Core.Events;

namespace Bourse.Core.Tests;

/// <summary>A running SHA-256 over every field of every event: equal digests mean identical event streams.</summary>
public sealed class EventDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _writer;

    public EventDigest() => _writer = new BinaryWriter(_buffer);

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<Event> events)
    {
        foreach (ref readonly var e in events)
        {
            var w = _writer;
            w.Write((byte)e.Type); w.Write(e.Sequence); w.Write(e.Index); w.Write(e.Timestamp); w.Write(e.UserId);
            w.Write(e.MarketId); w.Write(e.AssetId); w.Write((byte)e.Reason); w.Write(e.OrderId); w.Write(e.ClientOrderId ?? "\0");
            w.Write((byte)e.Side); w.Write((byte)e.OrderType); w.Write((byte)e.TimeInForce); w.Write((byte)e.SelfTradePrevention);
            w.Write((byte)e.Status); w.Write(e.Price); w.Write(e.Quantity); w.Write(e.QuoteQuantity); w.Write(e.StopPrice);
            w.Write(e.IcebergQuantity); w.Write(e.ExecutedQuantity); w.Write(e.CumulativeQuote); w.Write(e.CreatedAt);
            w.Write(e.WorkingTime); w.Write(e.TradeId); w.Write(e.LastPrice); w.Write(e.LastQuantity); w.Write(e.LastQuote);
            w.Write(e.IsMaker); w.Write(e.CounterOrderId); w.Write(e.CounterUserId); w.Write(e.Commission);
            w.Write(e.CommissionAssetId); w.Write(e.CounterCommission); w.Write(e.PreventedQuantity); w.Write((byte)e.BalanceReason);
            w.Write(e.Available); w.Write(e.Locked); w.Write(e.AvailableDelta); w.Write(e.LockedDelta); w.Write(e.ReferenceId);
            w.Write(e.Reference ?? "\0"); w.Write(e.Amount); w.Write(e.BookUpdateId);
            Count++;
        }

        _writer.Flush();
        _hash.AppendData(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        _buffer.SetLength(0);
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose()
    {
        _writer.Dispose();
        _hash.Dispose();
    }
}
