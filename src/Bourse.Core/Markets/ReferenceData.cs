using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Core.Markets;

/// <summary>
/// Assets, markets and fee tiers: created and changed only by commands, so replay reproduces them. Ids are small
/// integers indexing arrays (assets up to <see cref="MaxAssetId"/>, fee tiers up to <see cref="MaxFeeTier"/>), so the
/// hot path finds a market or a fee rate without hashing. A market's spec and status live here; its book and last
/// trade are the matching engine's.
/// </summary>
internal sealed class ReferenceData
{
    public const int MaxAssetId = 4095;
    public const int MaxFeeTier = 1_000;

    private readonly CommandScope _scope;
    private readonly FeeTier _defaultFeeTier;
    private AssetSpec?[] _assets = new AssetSpec?[16];
    private Market?[] _markets = new Market?[16];
    private readonly Dictionary<string, int> _assetIdsByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _marketIdsBySymbol = new(StringComparer.Ordinal);
    private readonly FeeTier?[] _feeTiers = new FeeTier?[MaxFeeTier + 1];
    // Set only for assets an operator named or suspended; most assets have no entry.
    private readonly Dictionary<int, AssetStatus> _assetStatus = [];

    public ReferenceData(CommandScope scope, CoreOptions options)
    {
        _scope = scope;
        _defaultFeeTier = options.DefaultFeeTier;
        _feeTiers[0] = options.DefaultFeeTier;
    }

    public AssetSpec? GetAsset(int assetId) => assetId > 0 && assetId < _assets.Length ? _assets[assetId] : null;

    public IEnumerable<AssetSpec> Assets => _assets.Where(a => a is not null)!;

    public AssetStatus AssetStatusOf(int assetId) => _assetStatus.GetValueOrDefault(assetId);

    /// <summary>Whether movements of <paramref name="kind"/> of the asset are suspended.</summary>
    public bool IsSuspended(int assetId, AssetSuspensions kind) =>
        _assetStatus.Count > 0 && _assetStatus.TryGetValue(assetId, out var status) && (status.Suspensions & kind) != 0;

    public Market? GetMarket(int marketId) => marketId > 0 && marketId < _markets.Length ? _markets[marketId] : null;

    /// <summary>Every market, by id.</summary>
    public IEnumerable<Market> Markets => _markets.Where(m => m is not null)!;

    public FeeTier? GetFeeTier(int tier) => tier is >= 0 and <= MaxFeeTier ? _feeTiers[tier] : null;

    public bool HasFeeTier(long tier) => tier is >= 0 and <= MaxFeeTier && _feeTiers[tier] is not null;

    /// <summary>The rates an account pays: its tier's, or tier 0's defaults if the tier was never set.</summary>
    public FeeTier FeeTierOf(Account account) => _feeTiers[account.FeeTier] ?? _defaultFeeTier;

    public void CreateAsset(in Command command)
    {
        var spec = command.AssetSpec;
        if (spec is null || spec.Id <= 0 || spec.Id > MaxAssetId || string.IsNullOrWhiteSpace(spec.Code)
            || spec.Code.Length > 16 || spec.Scale < 0 || spec.Scale > 18)
        {
            _scope.Reject(in command, RejectReason.InvalidAssetSpec);
            return;
        }

        if (GetAsset(spec.Id) is not null || _assetIdsByCode.ContainsKey(spec.Code))
        {
            _scope.Reject(in command, RejectReason.AssetExists);
            return;
        }

        AddAsset(spec);
        ref var e = ref _scope.Emit(EventType.AssetCreated);
        e.AssetId = spec.Id;
        e.Reference = spec.Code;
        e.Amount = spec.Scale;
    }

    private void AddAsset(AssetSpec spec)
    {
        if (spec.Id >= _assets.Length)
        {
            Array.Resize(ref _assets, Math.Max(spec.Id + 1, _assets.Length * 2));
        }

        _assets[spec.Id] = spec;
        _assetIdsByCode.Add(spec.Code, spec.Id);
    }

    /// <summary>
    /// Sets an asset's display name and suspensions, the whole status: a command with no name and nothing suspended
    /// returns the asset to its defaults. Balances, orders and pending withdrawals are untouched.
    /// </summary>
    public void SetAssetStatus(in Command command)
    {
        if (GetAsset(command.AssetId) is null)
        {
            _scope.Reject(in command, RejectReason.UnknownAsset);
            return;
        }

        const long known = (long)(AssetSuspensions.Deposits | AssetSuspensions.Withdrawals);
        var name = command.Reference;
        if ((command.AssetSuspensions & ~known) != 0
            || (name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > AssetStatus.MaxNameLength)))
        {
            _scope.Reject(in command, RejectReason.InvalidAssetSpec);
            return;
        }

        var status = new AssetStatus(name, (AssetSuspensions)command.AssetSuspensions);
        if (status == default)
        {
            _assetStatus.Remove(command.AssetId);
        }
        else
        {
            _assetStatus[command.AssetId] = status;
        }

        ref var e = ref _scope.Emit(EventType.AssetStatusChanged);
        e.AssetId = command.AssetId;
        e.Reference = name;
        e.Amount = command.AssetSuspensions;
    }

    public void CreateMarket(in Command command)
    {
        var spec = command.MarketSpec;
        if (spec is null || spec.Id <= 0 || spec.Id > 65_535 || string.IsNullOrWhiteSpace(spec.Symbol))
        {
            _scope.Reject(in command, RejectReason.InvalidMarketSpec);
            return;
        }

        if (GetMarket(spec.Id) is not null || _marketIdsBySymbol.ContainsKey(spec.Symbol))
        {
            _scope.Reject(in command, RejectReason.MarketExists);
            return;
        }

        if (!IsValid(spec))
        {
            _scope.Reject(in command, RejectReason.InvalidMarketSpec);
            return;
        }

        AddMarket(spec);
        ref var e = ref _scope.Emit(EventType.MarketCreated);
        e.MarketId = spec.Id;
        e.Reference = spec.Symbol;
    }

    private Market AddMarket(MarketSpec spec)
    {
        if (spec.Id >= _markets.Length)
        {
            Array.Resize(ref _markets, Math.Max(spec.Id + 1, _markets.Length * 2));
        }

        var market = new Market(spec, Arithmetic.Pow10(_assets[spec.BaseAssetId]!.Scale));
        _markets[spec.Id] = market;
        _marketIdsBySymbol.Add(spec.Symbol, spec.Id);
        return market;
    }

    /// <summary>Changes a market's filters. Tick and lot size are fixed at creation: resting orders were priced on them.</summary>
    public void UpdateMarket(in Command command)
    {
        var spec = command.MarketSpec;
        var market = spec is null ? null : GetMarket(spec.Id);
        if (market is null)
        {
            _scope.Reject(in command, RejectReason.UnknownMarket);
            return;
        }

        if (market.Status == MarketStatus.Delisted)
        {
            _scope.Reject(in command, RejectReason.MarketDelisted);
            return;
        }

        var old = market.Spec;
        if (spec!.Symbol != old.Symbol || spec.BaseAssetId != old.BaseAssetId || spec.QuoteAssetId != old.QuoteAssetId
            || spec.TickSize != old.TickSize || spec.LotSize != old.LotSize || !IsValid(spec))
        {
            _scope.Reject(in command, RejectReason.InvalidMarketSpec);
            return;
        }

        market.Spec = spec;
        ref var e = ref _scope.Emit(EventType.MarketUpdated);
        e.MarketId = spec.Id;
        e.Reference = spec.Symbol;
    }

    private bool IsValid(MarketSpec spec)
    {
        var baseAsset = GetAsset(spec.BaseAssetId);
        var quoteAsset = GetAsset(spec.QuoteAssetId);
        return baseAsset is not null && quoteAsset is not null && baseAsset.Id != quoteAsset.Id
            && MarketRules.CheckSpec(spec, baseAsset.Scale) is null;
    }

    public void SetMarketStatus(in Command command)
    {
        var market = GetMarket(command.MarketId);
        if (market is null)
        {
            _scope.Reject(in command, RejectReason.UnknownMarket);
            return;
        }

        if (market.Status == MarketStatus.Delisted)
        {
            _scope.Reject(in command, RejectReason.MarketDelisted);
            return;
        }

        if (command.MarketStatus is not (MarketStatus.Trading or MarketStatus.Halted or MarketStatus.CancelOnly))
        {
            _scope.Reject(in command, RejectReason.InvalidMarketSpec);
            return;
        }

        market.Status = command.MarketStatus;
        ref var e = ref _scope.Emit(EventType.MarketStatusChanged);
        e.MarketId = market.Id;
        e.Amount = (long)command.MarketStatus;
    }

    /// <summary>Closes a market for good, once the matching engine has canceled its open orders.</summary>
    public void MarkDelisted(Market market)
    {
        market.Status = MarketStatus.Delisted;
        ref var e = ref _scope.Emit(EventType.MarketStatusChanged);
        e.MarketId = market.Id;
        e.Amount = (long)MarketStatus.Delisted;
    }

    public void SetFeeTier(in Command command)
    {
        if (command.FeeTier is < 0 or > MaxFeeTier || command.MakerFeePpm is < 0 or > FeeTier.MaxPpm
            || command.TakerFeePpm is < 0 or > FeeTier.MaxPpm)
        {
            _scope.Reject(in command, RejectReason.InvalidFeeRate);
            return;
        }

        var tier = (int)command.FeeTier;
        _feeTiers[tier] = new FeeTier(command.MakerFeePpm, command.TakerFeePpm);
        ref var e = ref _scope.Emit(EventType.FeeTierChanged);
        e.Amount = tier;
        e.Commission = command.MakerFeePpm;
        e.CounterCommission = command.TakerFeePpm;
    }

    // ---- snapshot sections: an asset (its supply follows it, written by the ledger), the fee tiers, a market's spec ----

    public static void WriteAsset(BinaryWriter w, AssetSpec asset)
    {
        w.Write(asset.Id);
        w.Write(asset.Code);
        w.Write(asset.Scale);
    }

    public AssetSpec ReadAsset(BinaryReader r)
    {
        var spec = new AssetSpec(r.ReadInt32(), r.ReadString(), r.ReadInt32());
        AddAsset(spec);
        return spec;
    }

    public void WriteFeeTiers(BinaryWriter w)
    {
        var tiers = Enumerable.Range(0, _feeTiers.Length).Where(t => _feeTiers[t] is not null).Select(t => (Tier: t, Rates: _feeTiers[t]!.Value)).ToList();
        w.Write(tiers.Count);
        foreach (var (tier, rates) in tiers)
        {
            w.Write(tier);
            w.Write(rates.MakerPpm);
            w.Write(rates.TakerPpm);
        }
    }

    public void ReadFeeTiers(BinaryReader r)
    {
        Array.Clear(_feeTiers);
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            _feeTiers[r.ReadInt32()] = new FeeTier(r.ReadInt32(), r.ReadInt32());
        }
    }

    /// <summary>A market's spec and status; its trading state follows, written by the matching engine.</summary>
    public static void WriteMarket(BinaryWriter w, Market market)
    {
        var spec = market.Spec;
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
        w.Write((byte)market.Status);
    }

    public Market ReadMarket(BinaryReader r)
    {
        var market = AddMarket(new MarketSpec(r.ReadInt32(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64(),
            r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt32(), r.ReadInt32()));
        market.Status = (MarketStatus)r.ReadByte();
        return market;
    }

    /// <summary>The reference data's snapshot extension (see <see cref="SnapshotExtension"/>): asset names and suspensions.</summary>
    public void WriteExtensions(BinaryWriter w)
    {
        if (_assetStatus.Count == 0)
        {
            return;
        }

        w.Write((byte)SnapshotExtension.AssetStatus);
        w.Write(_assetStatus.Count);
        foreach (var (assetId, status) in _assetStatus.OrderBy(s => s.Key))
        {
            w.Write(assetId);
            w.Write(status.Name is not null);
            if (status.Name is not null)
            {
                w.Write(status.Name);
            }

            w.Write((byte)status.Suspensions);
        }
    }

    /// <summary>Reads one extension written by <see cref="WriteExtensions"/>; false when it is not the reference data's.</summary>
    public bool TryReadExtension(SnapshotExtension extension, BinaryReader r)
    {
        if (extension != SnapshotExtension.AssetStatus)
        {
            return false;
        }

        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var assetId = r.ReadInt32();
            var name = r.ReadBoolean() ? r.ReadString() : null;
            _assetStatus[assetId] = new AssetStatus(name, (AssetSuspensions)r.ReadByte());
        }

        return true;
    }
}
