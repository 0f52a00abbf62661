using System.Security.Cryptography;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core;

// The whole state as bytes, written in a fixed order (sorted keys, book queue order) so that equal states give
// equal bytes: the snapshot doubles as the input of the state hash.
public sealed partial class ExchangeCore
{
    private const uint SnapshotMagic = 0x43535242; // "BRSC"
    // Version 2 added the convert and staking sections; version 1 snapshots still load (without them).
    private const int SnapshotVersion = 2;

    // Magic, version and last sequence: everything before the business state.
    private const int SnapshotHeaderLength = 16;

    public byte[] SaveSnapshot()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            WriteState(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// SHA-256 of the business state (the snapshot without its header): two cores with the same hash hold the same
    /// balances, books and references. A rejected command leaves it unchanged, though it still advances the sequence.
    /// </summary>
    public string ComputeStateHash() => Convert.ToHexStringLower(SHA256.HashData(SaveSnapshot().AsSpan(SnapshotHeaderLength)));

    public static ExchangeCore LoadSnapshot(ReadOnlySpan<byte> snapshot, CoreOptions? options = null)
    {
        var core = new ExchangeCore(options);
        using var stream = new MemoryStream(snapshot.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        core.ReadState(reader);
        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException("Snapshot has trailing bytes.");
        }

        return core;
    }

    private void WriteState(BinaryWriter w)
    {
        w.Write(SnapshotMagic);
        w.Write(SnapshotVersion);
        w.Write(LastSequence);

        var assets = Assets.ToList();
        w.Write(assets.Count);
        foreach (var asset in assets)
        {
            w.Write(asset.Id);
            w.Write(asset.Code);
            w.Write(asset.Scale);
            w.Write(_supply[asset.Id]);
        }

        var tiers = Enumerable.Range(0, _feeTiers.Length).Where(t => _feeTiers[t] is not null).Select(t => (Tier: t, Rates: _feeTiers[t]!.Value)).ToList();
        w.Write(tiers.Count);
        foreach (var (tier, rates) in tiers)
        {
            w.Write(tier);
            w.Write(rates.MakerPpm);
            w.Write(rates.TakerPpm);
        }

        var accounts = Accounts.ToList();
        w.Write(accounts.Count);
        foreach (var account in accounts)
        {
            w.Write(account.UserId);
            w.Write(account.FeeTier);
            var held = Enumerable.Range(0, account.AssetSlots).Where(a => account.GetBalance(a).Total != 0).ToList();
            w.Write(held.Count);
            foreach (var assetId in held)
            {
                var balance = account.GetBalance(assetId);
                w.Write(assetId);
                w.Write(balance.Available);
                w.Write(balance.Locked);
                w.Write(balance.Staked);
            }
        }

        var markets = Markets.ToList();
        w.Write(markets.Count);
        foreach (var market in markets)
        {
            WriteMarketSpec(w, market.Spec);
            w.Write((byte)market.Status);
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

        var deposits = _depositReferences.Order(StringComparer.Ordinal).ToList();
        w.Write(deposits.Count);
        foreach (var reference in deposits)
        {
            w.Write(reference);
        }

        WriteReferences(w, _withdrawalReferences);
        WriteReferences(w, _transferReferences);

        var pending = PendingWithdrawals.ToList();
        w.Write(pending.Count);
        foreach (var withdrawal in pending)
        {
            w.Write(withdrawal.Id);
            w.Write(withdrawal.UserId);
            w.Write(withdrawal.AssetId);
            w.Write(withdrawal.Amount);
            w.Write(withdrawal.Reference);
        }

        WriteConvertState(w);
        WriteStakingState(w);
    }

    private void ReadState(BinaryReader r)
    {
        var magic = r.ReadUInt32();
        var version = r.ReadInt32();
        if (magic != SnapshotMagic || version is < 1 or > SnapshotVersion)
        {
            throw new InvalidDataException("Not a Bourse core snapshot of a known version.");
        }

        LastSequence = r.ReadInt64();

        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var spec = new AssetSpec(r.ReadInt32(), r.ReadString(), r.ReadInt32());
            AddAsset(spec);
            _supply[spec.Id] = r.ReadInt64();
        }

        Array.Clear(_feeTiers);
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            _feeTiers[r.ReadInt32()] = new FeeTier(r.ReadInt32(), r.ReadInt32());
        }

        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var account = GetOrCreateAccount(r.ReadInt64());
            account.FeeTier = r.ReadInt32();
            for (var held = r.ReadInt32(); held > 0; held--)
            {
                ref var balance = ref account.BalanceOf(r.ReadInt32());
                balance.Available = r.ReadInt64();
                balance.Locked = r.ReadInt64();
                balance.Staked = r.ReadInt64();
            }
        }

        var openOrders = new List<Order>();
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var market = AddMarket(ReadMarketSpec(r));
            market.Status = (MarketStatus)r.ReadByte();
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
                        openOrders.Add(order);
                    }
                }
            }

            for (var stops = r.ReadInt32(); stops > 0; stops--)
            {
                var order = ReadOrder(r, market.Id);
                market.StopOrders.Add(order);
                openOrders.Add(order);
            }
        }

        // Owners list their open orders in placement order, which is id order.
        foreach (var order in openOrders.OrderBy(o => o.Id))
        {
            order.Owner = _accounts.Find(order.UserId);
            Register(order, order.Owner!);
        }

        for (var count = r.ReadInt32(); count > 0; count--)
        {
            _depositReferences.Add(r.ReadString());
        }

        ReadReferences(r, _withdrawalReferences);
        ReadReferences(r, _transferReferences);

        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var withdrawal = new PendingWithdrawal(r.ReadInt64(), r.ReadInt64(), r.ReadInt32(), r.ReadInt64(), r.ReadString());
            _pendingWithdrawals.Add(withdrawal.Id, withdrawal);
        }

        if (version >= 2)
        {
            ReadConvertState(r);
            ReadStakingState(r);
        }
    }

    private static void WriteReferences(BinaryWriter w, Dictionary<UserReference, long> references)
    {
        var sorted = references.OrderBy(r => r.Key.UserId).ThenBy(r => r.Key.Reference, StringComparer.Ordinal).ToList();
        w.Write(sorted.Count);
        foreach (var (key, id) in sorted)
        {
            w.Write(key.UserId);
            w.Write(key.Reference);
            w.Write(id);
        }
    }

    private static void ReadReferences(BinaryReader r, Dictionary<UserReference, long> references)
    {
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            references.Add(new UserReference(r.ReadInt64(), r.ReadString()), r.ReadInt64());
        }
    }

    private static void WriteMarketSpec(BinaryWriter w, MarketSpec spec)
    {
        w.Write(spec.Id);
        w.Write(spec.Symbol);
        w.Write(spec.BaseAssetId);
        w.Write(spec.QuoteAssetId);
        w.Write(spec.TickSize);
        w.Write(spec.LotSize);
        w.Write(spec.MinQuantity);
        w.Write(spec.MaxQuantity);
        w.Write(spec.MinNotional);
        w.Write(spec.MinPrice);
        w.Write(spec.MaxPrice);
        w.Write(spec.MaxNotional);
        w.Write(spec.MarketOrderBandPpm);
        w.Write(spec.MaxIcebergParts);
    }

    private static MarketSpec ReadMarketSpec(BinaryReader r) =>
        new(r.ReadInt32(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(),
            r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt32(), r.ReadInt32());

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
