namespace Bourse.Core.Model;

/// <summary>Why a command changed nothing. Persisted and on the wire: values are frozen, only ever add (30 and 34 are retired).</summary>
public enum RejectReason : byte
{
    None = 0,
    UnknownMarket = 1,
    MarketNotTrading = 2,
    UnknownAsset = 3,
    InsufficientBalance = 4,
    PriceFilter = 5,
    LotSize = 6,
    Notional = 7,
    WouldTake = 8,
    FokNotFillable = 9,
    DuplicateClientOrderId = 10,
    UnknownOrder = 11,
    InvalidQuantity = 12,
    InvalidPrice = 13,
    InvalidStopPrice = 14,
    WouldTriggerImmediately = 15,
    Overflow = 16,
    InvalidIceberg = 17,
    InvalidTimeInForce = 18,
    InvalidOrderType = 19,
    DuplicateReference = 20,
    UnknownWithdrawal = 21,
    InvalidAmount = 22,
    SelfTransfer = 23,
    AssetExists = 24,
    MarketExists = 25,
    InvalidAssetSpec = 26,
    InvalidMarketSpec = 27,
    InvalidFeeRate = 28,
    UnknownFeeTier = 29,
    UnknownCommand = 31,
    InvalidSide = 32,
    InvalidUser = 33,
    TooManyOpenOrders = 35,
    MissingReference = 36,
    /// <summary>A convert arrived after its quote's expiry.</summary>
    QuoteExpired = 37,
    /// <summary>The books moved: a convert would now receive less than its quote promised.</summary>
    WorseThanQuote = 38,
    /// <summary>No trading market (or pair of markets through a common asset) joins the two assets.</summary>
    NoConvertRoute = 39,
    UnknownStakingProduct = 40,
    BelowMinimum = 41,
    /// <summary>Rewards for a staking period were asked for before the period ended.</summary>
    PeriodNotEnded = 42,
    PeriodAlreadyPaid = 43,
    InvalidStakingProduct = 44,
    InsufficientStake = 45,
    /// <summary>The books cannot fill the whole convert within the market-order price band.</summary>
    InsufficientLiquidity = 46,
    /// <summary>The account is frozen for this kind of activity (see <see cref="AccountRestrictions"/>).</summary>
    AccountRestricted = 47,
    /// <summary>Restrictions that name no known kind of activity.</summary>
    InvalidRestrictions = 48,
    /// <summary>The asset's deposits, or its withdrawals and transfers, are suspended (see <see cref="AssetSuspensions"/>).</summary>
    AssetSuspended = 49,
    /// <summary>The market was delisted: it takes no status, filter change or second delisting.</summary>
    MarketDelisted = 50,
}
