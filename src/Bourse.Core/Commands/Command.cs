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
    /// <summary>
    /// The one logged value behind <see cref="RecipientUserId"/>, <see cref="WithdrawalId"/> and <see cref="FeeTier"/>
    /// (one field of the log's payload): each command type means at most one of them, so they share it and the struct
    /// stays as small as the wire format. Read and write it through those names.
    /// </summary>
    internal long SharedId;

    /// <summary>Transfer: the user who receives the funds.</summary>
    public long RecipientUserId { readonly get => SharedId; set => SharedId = value; }

    /// <summary>Complete / cancel withdrawal: which withdrawal (the sequence of the command that reserved it).</summary>
    public long WithdrawalId { readonly get => SharedId; set => SharedId = value; }

    /// <summary>Set fee tier: the tier whose rates are set. Set user fee tier: the tier the user moves to.</summary>
    public long FeeTier { readonly get => SharedId; set => SharedId = value; }

    /// <summary>Set account restrictions: the account's whole set of restrictions from now on.</summary>
    public long Restrictions { readonly get => SharedId; set => SharedId = value; }
    /// <summary>Set asset status: the asset's suspensions from now on (its name travels in <see cref="Reference"/>).</summary>
    public long AssetSuspensions { readonly get => SharedId; set => SharedId = value; }

    /// <summary>Idempotency reference (deposit transaction, transfer or withdrawal request id).</summary>
    public string? Reference;

    /// <summary>Fee tier rates in parts per million.</summary>
    public int MakerFeePpm;
    public int TakerFeePpm;
    public MarketStatus MarketStatus;

    public AssetSpec? AssetSpec;
    public MarketSpec? MarketSpec;

    /// <summary>Convert: the asset received (<see cref="AssetId"/> is the one spent, <see cref="Amount"/> how much).</summary>
    public int ToAssetId;
    /// <summary>Convert: the second market when the route goes through an intermediate asset; 0 for a direct one.</summary>
    public int ViaMarketId;
    /// <summary>Convert: the least the user may receive (net of fees), as quoted; the command is refused below it.</summary>
    public long MinimumReceived;
    /// <summary>Convert: Unix ms after which the quote is void; compared with the sequencer's <see cref="Timestamp"/>.</summary>
    public long ExpiresAt;

    /// <summary>Staking product: yearly reward rate in parts per million.</summary>
    public int RatePpm;
    /// <summary>Staking product: how long unstaked funds stay locked, in ms.</summary>
    public long DurationMs;
    /// <summary>Staking product: length of one reward period, in ms (periods are numbered from the Unix epoch).</summary>
    public long PeriodMs;
    /// <summary>Staking rewards: which period is paid.</summary>
    public long Period;

    public static Command CreateAsset(AssetSpec asset) => new() { Type = CommandType.CreateAsset, AssetId = asset.Id, AssetSpec = asset };

    public static Command CreateMarket(MarketSpec market) => new() { Type = CommandType.CreateMarket, MarketId = market.Id, MarketSpec = market };

    public static Command UpdateMarket(MarketSpec market) => new() { Type = CommandType.UpdateMarket, MarketId = market.Id, MarketSpec = market };

    public static Command SetMarketStatus(int marketId, MarketStatus status) =>
        new() { Type = CommandType.SetMarketStatus, MarketId = marketId, MarketStatus = status };

    /// <summary>Sets an asset's display name (null for none) and what is suspended on it: the whole status, not a change.</summary>
    public static Command SetAssetStatus(int assetId, string? name, AssetSuspensions suspensions) =>
        new() { Type = CommandType.SetAssetStatus, AssetId = assetId, Reference = name, AssetSuspensions = (long)suspensions };

    /// <summary>Cancels every open order of the market and closes it for good (status <see cref="MarketStatus.Delisted"/>).</summary>
    public static Command DelistMarket(int marketId) => new() { Type = CommandType.DelistMarket, MarketId = marketId };

    public static Command SetFeeTier(int tier, int makerFeePpm, int takerFeePpm) =>
        new() { Type = CommandType.SetFeeTier, FeeTier = tier, MakerFeePpm = makerFeePpm, TakerFeePpm = takerFeePpm };

    public static Command SetUserFeeTier(long userId, int tier) =>
        new() { Type = CommandType.SetUserFeeTier, UserId = userId, FeeTier = tier };

    public static Command SetAccountRestrictions(long userId, AccountRestrictions restrictions) =>
        new() { Type = CommandType.SetAccountRestrictions, UserId = userId, Restrictions = (long)restrictions };

    /// <summary>Credits (<paramref name="amount"/> &gt; 0) or debits (&lt; 0) a user's available balance, once per reference.</summary>
    public static Command AdjustBalance(long userId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.AdjustBalance, UserId = userId, AssetId = assetId, Amount = amount, Reference = reference };

    public static Command Deposit(long userId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.Deposit, UserId = userId, AssetId = assetId, Amount = amount, Reference = reference };

    public static Command ReserveWithdrawal(long userId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.ReserveWithdrawal, UserId = userId, AssetId = assetId, Amount = amount, Reference = reference };

    public static Command CompleteWithdrawal(long withdrawalId) =>
        new() { Type = CommandType.CompleteWithdrawal, WithdrawalId = withdrawalId };

    public static Command CancelWithdrawal(long withdrawalId) =>
        new() { Type = CommandType.CancelWithdrawal, WithdrawalId = withdrawalId };

    public static Command Transfer(long fromUserId, long toUserId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.Transfer, UserId = fromUserId, RecipientUserId = toUserId, AssetId = assetId, Amount = amount, Reference = reference };

    /// <summary>
    /// Spends <paramref name="amount"/> of <paramref name="fromAssetId"/> for <paramref name="toAssetId"/> through
    /// <paramref name="marketId"/> (and <paramref name="viaMarketId"/> when not 0), refused unless it receives at least
    /// <paramref name="minimumReceived"/> before <paramref name="expiresAt"/>. The reference makes accepting a quote idempotent.
    /// </summary>
    public static Command Convert(long userId, int fromAssetId, int toAssetId, long amount, int marketId, int viaMarketId,
        long minimumReceived, long expiresAt, string reference) =>
        new()
        {
            Type = CommandType.Convert,
            UserId = userId,
            AssetId = fromAssetId,
            ToAssetId = toAssetId,
            Amount = amount,
            MarketId = marketId,
            ViaMarketId = viaMarketId,
            MinimumReceived = minimumReceived,
            ExpiresAt = expiresAt,
            Reference = reference,
        };

    /// <summary>Makes an asset stakable (or changes its terms): yearly rate, minimum stake, unbonding time and reward period.</summary>
    public static Command SetStakingProduct(int assetId, int ratePpm, long minimumAmount, long unbondingMs, long periodMs) =>
        new() { Type = CommandType.SetStakingProduct, AssetId = assetId, RatePpm = ratePpm, Amount = minimumAmount, DurationMs = unbondingMs, PeriodMs = periodMs };

    public static Command Stake(long userId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.Stake, UserId = userId, AssetId = assetId, Amount = amount, Reference = reference };

    public static Command Unstake(long userId, int assetId, long amount, string reference) =>
        new() { Type = CommandType.Unstake, UserId = userId, AssetId = assetId, Amount = amount, Reference = reference };

    public static Command PayStakingRewards(int assetId, long period) =>
        new() { Type = CommandType.PayStakingRewards, AssetId = assetId, Period = period };

    public static Command ReleaseUnstaked() => new() { Type = CommandType.ReleaseUnstaked };

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
