using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Core;

// Assets, markets and fee tiers: created and changed by commands so that replay reproduces them.
public sealed partial class ExchangeCore
{
    private void CreateAsset(in Command command)
    {
        var spec = command.AssetSpec;
        if (spec is null || spec.Id <= 0 || spec.Id > MaxAssetId || string.IsNullOrWhiteSpace(spec.Code)
            || spec.Code.Length > 16 || spec.Scale < 0 || spec.Scale > 18)
        {
            Reject(in command, RejectReason.InvalidAssetSpec);
            return;
        }

        if (GetAsset(spec.Id) is not null || _assetIdsByCode.ContainsKey(spec.Code))
        {
            Reject(in command, RejectReason.AssetExists);
            return;
        }

        AddAsset(spec);
        ref var e = ref Emit(EventType.AssetCreated);
        e.AssetId = spec.Id;
        e.Reference = spec.Code;
        e.Amount = spec.Scale;
    }

    private void AddAsset(AssetSpec spec)
    {
        if (spec.Id >= _assets.Length)
        {
            var size = Math.Max(spec.Id + 1, _assets.Length * 2);
            Array.Resize(ref _assets, size);
            Array.Resize(ref _supply, size);
        }

        _assets[spec.Id] = spec;
        _assetIdsByCode.Add(spec.Code, spec.Id);
    }

    private void CreateMarket(in Command command)
    {
        var spec = command.MarketSpec;
        if (spec is null || spec.Id <= 0 || spec.Id > 65_535 || string.IsNullOrWhiteSpace(spec.Symbol))
        {
            Reject(in command, RejectReason.InvalidMarketSpec);
            return;
        }

        if (GetMarket(spec.Id) is not null || _marketIdsBySymbol.ContainsKey(spec.Symbol))
        {
            Reject(in command, RejectReason.MarketExists);
            return;
        }

        if (!IsValid(spec))
        {
            Reject(in command, RejectReason.InvalidMarketSpec);
            return;
        }

        AddMarket(spec);
        ref var e = ref Emit(EventType.MarketCreated);
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
    private void UpdateMarket(in Command command)
    {
        var spec = command.MarketSpec;
        var market = spec is null ? null : GetMarket(spec.Id);
        if (market is null)
        {
            Reject(in command, RejectReason.UnknownMarket);
            return;
        }

        var old = market.Spec;
        if (spec!.Symbol != old.Symbol || spec.BaseAssetId != old.BaseAssetId || spec.QuoteAssetId != old.QuoteAssetId
            || spec.TickSize != old.TickSize || spec.LotSize != old.LotSize || !IsValid(spec))
        {
            Reject(in command, RejectReason.InvalidMarketSpec);
            return;
        }

        market.Spec = spec;
        ref var e = ref Emit(EventType.MarketUpdated);
        e.MarketId = spec.Id;
        e.Reference = spec.Symbol;
    }

    private bool IsValid(MarketSpec spec)
    {
        var baseAsset = GetAsset(spec.BaseAssetId);
        var quoteAsset = GetAsset(spec.QuoteAssetId);
        if (baseAsset is null || quoteAsset is null || baseAsset.Id == quoteAsset.Id
            || string.IsNullOrWhiteSpace(spec.Symbol) || spec.Symbol.Length > 32)
        {
            return false;
        }

        if (spec.TickSize <= 0 || spec.LotSize <= 0 || spec.MinQuantity < spec.LotSize || spec.MinQuantity % spec.LotSize != 0
            || spec.MaxQuantity < spec.MinQuantity || spec.MaxQuantity % spec.LotSize != 0 || spec.MinNotional < 0
            || spec.MaxNotional < 0 || (spec.MaxNotional > 0 && spec.MaxNotional < spec.MinNotional)
            || spec.MinPrice < 0 || spec.MaxPrice < 0 || (spec.MaxPrice > 0 && spec.MaxPrice < spec.MinPrice)
            || spec.MarketOrderBandPpm <= 0 || spec.MarketOrderBandPpm >= FeeTier.PpmScale || spec.MaxIcebergParts < 1)
        {
            return false;
        }

        // Every fill's notional must be a whole number of quote units: tick × lot divisible by one base unit.
        var baseUnit = Arithmetic.Pow10(baseAsset.Scale);
        return (Int128)spec.TickSize * spec.LotSize % baseUnit == 0;
    }

    private void SetMarketStatus(in Command command)
    {
        var market = GetMarket(command.MarketId);
        if (market is null)
        {
            Reject(in command, RejectReason.UnknownMarket);
            return;
        }

        if (command.MarketStatus is not (MarketStatus.Trading or MarketStatus.Halted or MarketStatus.CancelOnly))
        {
            Reject(in command, RejectReason.InvalidMarketSpec);
            return;
        }

        market.Status = command.MarketStatus;
        ref var e = ref Emit(EventType.MarketStatusChanged);
        e.MarketId = market.Id;
        e.Amount = (long)command.MarketStatus;
    }

    private void SetFeeTier(in Command command)
    {
        if (command.FeeTier is < 0 or > MaxFeeTier || command.MakerFeePpm is < 0 or > FeeTier.MaxPpm
            || command.TakerFeePpm is < 0 or > FeeTier.MaxPpm)
        {
            Reject(in command, RejectReason.InvalidFeeRate);
            return;
        }

        var tier = (int)command.FeeTier;
        _feeTiers[tier] = new FeeTier(command.MakerFeePpm, command.TakerFeePpm);
        ref var e = ref Emit(EventType.FeeTierChanged);
        e.Amount = tier;
        e.Commission = command.MakerFeePpm;
        e.CounterCommission = command.TakerFeePpm;
    }

    private void SetUserFeeTier(in Command command)
    {
        if (command.UserId <= 0)
        {
            Reject(in command, RejectReason.InvalidUser);
            return;
        }

        if (command.FeeTier is < 0 or > MaxFeeTier || _feeTiers[command.FeeTier] is null)
        {
            Reject(in command, RejectReason.UnknownFeeTier);
            return;
        }

        GetOrCreateAccount(command.UserId).FeeTier = (int)command.FeeTier;
        ref var e = ref Emit(EventType.UserFeeTierChanged);
        e.UserId = command.UserId;
        e.Amount = command.FeeTier;
    }

    private FeeTier FeeTierOf(Account account) => _feeTiers[account.FeeTier] ?? _options.DefaultFeeTier;
}
