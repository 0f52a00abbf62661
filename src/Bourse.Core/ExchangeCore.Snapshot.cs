using System.Security.Cryptography;
using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Markets;
using Bourse.Core.Matching;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core;

// The whole state as bytes, written in a fixed order (sorted keys, book queue order) so that equal states give
// equal bytes: the snapshot doubles as the input of the state hash. Each component writes and reads its own sections;
// this file fixes their order.
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
    public string ComputeStateHash() => System.Convert.ToHexStringLower(SHA256.HashData(SaveSnapshot().AsSpan(SnapshotHeaderLength)));

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

    // The layout is format version 2, section by section, then the extensions in use (SnapshotExtension). Two sections interleave components (fixed before they were
    // split): each asset is followed by its supply (ledger), each market's spec and status by its book (matching).
    private void WriteState(BinaryWriter w)
    {
        w.Write(SnapshotMagic);
        w.Write(SnapshotVersion);
        w.Write(LastSequence);

        var assets = _referenceData.Assets.ToList();
        w.Write(assets.Count);
        foreach (var asset in assets)
        {
            ReferenceData.WriteAsset(w, asset);
            _ledger.WriteSupply(w, asset.Id);
        }

        _referenceData.WriteFeeTiers(w);
        _ledger.WriteAccounts(w);

        var markets = _referenceData.Markets.ToList();
        w.Write(markets.Count);
        foreach (var market in markets)
        {
            ReferenceData.WriteMarket(w, market);
            MatchingEngine.WriteBook(w, market);
        }

        _ledger.WriteMovements(w);
        _convert.Write(w);
        _staking.Write(w);
        _ledger.WriteExtensions(w);
        _referenceData.WriteExtensions(w);
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
            var asset = _referenceData.ReadAsset(r);
            _ledger.ReadSupply(r, asset.Id);
        }

        _referenceData.ReadFeeTiers(r);
        _ledger.ReadAccounts(r);

        var openOrders = new List<Order>();
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            MatchingEngine.ReadBook(r, _referenceData.ReadMarket(r), openOrders);
        }

        _matching.RegisterRecovered(openOrders);
        _ledger.ReadMovements(r);

        if (version >= 2)
        {
            _convert.Read(r);
            _staking.Read(r);
        }

        while (r.BaseStream.Position < r.BaseStream.Length)
        {
            var extension = (SnapshotExtension)r.ReadByte();
            if (!_ledger.TryReadExtension(extension, r) && !_referenceData.TryReadExtension(extension, r))
            {
                throw new InvalidDataException($"Snapshot section {(byte)extension} is unknown: it was written by a newer version.");
            }
        }
    }
}
