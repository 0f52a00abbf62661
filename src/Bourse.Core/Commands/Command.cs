using Bourse.Core.Model;

namespace Bourse.Core.Commands;

/// <summary>
/// One instruction to the core. A flat value type so the hot path never allocates; each command type uses the
/// fields its factory sets. <see cref="Sequence"/> and <see cref="Timestamp"/> are stamped by the sequencer
/// before the command is logged, which is what makes the core a pure function of the log.
/// </summary>
public struct Command
{
    public CommandType Type;
    /// <summary>Log sequence number, from 1; ids the core assigns are derived from it.</summary>
    public long Sequence;
    /// <summary>Unix time in milliseconds, from the sequencer's clock.</summary>
    public long Timestamp;

    public long UserId;
    public int MarketId;
    public int AssetId;

    public Side Side;
    public OrderType OrderType;
    public TimeInForce TimeInForce;
    public SelfTradePrevention SelfTradePrevention;
    /// <summary>Cancel-replace: place the new order even when the cancel fails (Binance ALLOW_FAILURE).</summary>
    public bool AllowCancelFailure;

    public long Price;
    public long Quantity;
    /// <summary>Market orders by quote amount (Binance quoteOrderQty).</summary>
    public long QuoteQuantity;
    public long StopPrice;
    public long IcebergQuantity;
    public string? ClientOrderId;

    /// <summary>Cancel / cancel-replace target: by order id, or by client order id when this is 0.</summary>
    public long TargetOrderId;
    public string? TargetClientOrderId;

    /// <summary>Ledger commands: amount in the asset's smallest unit.</summary>
    public long Amount;
    /// <summary>Transfer recipient; withdrawal id for complete / cancel; fee tier for fee commands.</summary>
    public long CounterpartyId;
    /// <summary>Idempotency reference (deposit transaction, transfer or withdrawal request id).</summary>
    public string? Reference;

    /// <summary>Fee tier rates in parts per million.</summary>
    public int MakerFeePpm;
    public int TakerFeePpm;
    public MarketStatus MarketStatus;

    public AssetSpec? AssetSpec;
    public MarketSpec? MarketSpec;

    public static Command CreateAsset(AssetSpec asset) => new() { Type = CommandType.CreateAsset, AssetId = asset.Id, AssetSpec = asset };

    public static Command CreateMarket(MarketSpec market) => new() { Type = CommandType.CreateMarket, MarketId = market.Id, MarketSpec = market };

    public static Command UpdateMarket(MarketSpec market) => new() { Type = CommandType.UpdateMarket, MarketId = market.Id, MarketSpec = market };

    public static Command SetMarketStatus(int marketId, MarketStatus status) =>
        new() { Type = CommandType.SetMarketStatus, MarketId = marketId, MarketStatus = status };

    public static Command SetFeeTier(int tier, int makerFeePpm, int takerFeePpm) =>
        new() { Type = CommandType.SetFeeTier, CounterpartyId = tier, MakerFeePpm = makerFeePpm, TakerFeePpm = takerFeePpm };

    public static Command SetUserFeeTier(long userId, int tier) =>
        new() { Type = CommandType.SetUserFeeTier, UserId = userId, CounterpartyId = tier };

    public static Command Deposit(long userId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.Deposit, UserId = userId, AssetId = assetId, Amount = amount, Reference = reference };

    public static Command ReserveWithdrawal(long userId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.ReserveWithdrawal, UserId = userId, AssetId = assetId, Amount = amount, Reference = reference };

    public static Command CompleteWithdrawal(long withdrawalId) =>
        new() { Type = CommandType.CompleteWithdrawal, CounterpartyId = withdrawalId };

    public static Command CancelWithdrawal(long withdrawalId) =>
        new() { Type = CommandType.CancelWithdrawal, CounterpartyId = withdrawalId };

    public static Command Transfer(long fromUserId, long toUserId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.Transfer, UserId = fromUserId, CounterpartyId = toUserId, AssetId = assetId, Amount = amount, Reference = reference };

    public static Command Limit(long userId, int marketId, Side side, long price, long quantity,
        TimeInForce timeInForce = TimeInForce.Gtc, string? clientOrderId = null,
        SelfTradePrevention selfTradePrevention = SelfTradePrevention.None) =>
        new()
        {
            Type = CommandType.PlaceOrder,
            UserId = userId,
            MarketId = marketId,
            Side = side,
            OrderType = OrderType.Limit,
            TimeInForce = timeInForce,
            Price = price,
            Quantity = quantity,
            ClientOrderId = clientOrderId,
            SelfTradePrevention = selfTradePrevention,
        };

    public static Command LimitMaker(long userId, int marketId, Side side, long price, long quantity, string? clientOrderId = null) =>
        new()
        {
            Type = CommandType.PlaceOrder,
            UserId = userId,
            MarketId = marketId,
            Side = side,
            OrderType = OrderType.LimitMaker,
            Price = price,
            Quantity = quantity,
            ClientOrderId = clientOrderId,
        };

    public static Command Iceberg(long userId, int marketId, Side side, long price, long quantity, long visibleQuantity, string? clientOrderId = null) =>
        new()
        {
            Type = CommandType.PlaceOrder,
            UserId = userId,
            MarketId = marketId,
            Side = side,
            OrderType = OrderType.Limit,
            TimeInForce = TimeInForce.Gtc,
            Price = price,
            Quantity = quantity,
            IcebergQuantity = visibleQuantity,
            ClientOrderId = clientOrderId,
        };

    /// <summary>A market order for a base quantity.</summary>
    public static Command Market(long userId, int marketId, Side side, long quantity, string? clientOrderId = null,
        SelfTradePrevention selfTradePrevention = SelfTradePrevention.None) =>
        new()
        {
            Type = CommandType.PlaceOrder,
            UserId = userId,
            MarketId = marketId,
            Side = side,
            OrderType = OrderType.Market,
            Quantity = quantity,
            ClientOrderId = clientOrderId,
            SelfTradePrevention = selfTradePrevention,
        };

    /// <summary>A market order that spends (buy) or raises (sell) a quote amount.</summary>
    public static Command MarketByQuote(long userId, int marketId, Side side, long quoteQuantity, string? clientOrderId = null,
        SelfTradePrevention selfTradePrevention = SelfTradePrevention.None) =>
        new()
        {
            Type = CommandType.PlaceOrder,
            UserId = userId,
            MarketId = marketId,
            Side = side,
            OrderType = OrderType.Market,
            QuoteQuantity = quoteQuantity,
            ClientOrderId = clientOrderId,
            SelfTradePrevention = selfTradePrevention,
        };

    public static Command StopLimit(long userId, int marketId, Side side, OrderType type, long stopPrice, long price, long quantity,
        TimeInForce timeInForce = TimeInForce.Gtc, string? clientOrderId = null) =>
        new()
        {
            Type = CommandType.PlaceOrder,
            UserId = userId,
            MarketId = marketId,
            Side = side,
            OrderType = type,
            TimeInForce = timeInForce,
            StopPrice = stopPrice,
            Price = price,
            Quantity = quantity,
            ClientOrderId = clientOrderId,
        };

    public static Command Cancel(long userId, int marketId, long orderId) =>
        new() { Type = CommandType.CancelOrder, UserId = userId, MarketId = marketId, TargetOrderId = orderId };

    public static Command CancelByClientId(long userId, int marketId, string clientOrderId) =>
        new() { Type = CommandType.CancelOrder, UserId = userId, MarketId = marketId, TargetClientOrderId = clientOrderId };

    public static Command CancelAll(long userId, int marketId) =>
        new() { Type = CommandType.CancelAllOrders, UserId = userId, MarketId = marketId };

    /// <summary>Cancels <paramref name="targetOrderId"/> and places <paramref name="replacement"/> in one step.</summary>
    public static Command CancelReplace(long targetOrderId, Command replacement, bool allowCancelFailure = false)
    {
        var command = replacement;
        command.Type = CommandType.CancelReplaceOrder;
        command.TargetOrderId = targetOrderId;
        command.AllowCancelFailure = allowCancelFailure;
        return command;
    }

    public readonly Command At(long sequence, long timestamp)
    {
        var stamped = this;
        stamped.Sequence = sequence;
        stamped.Timestamp = timestamp;
        return stamped;
    }
}
