namespace Bourse.Trading;

/// <summary>
/// Why a trading request was refused, in the trading domain's terms. Each protocol maps these to its own errors
/// (Binance codes and messages, RFC 7807 problems); the data a kind needs (which field, which filter) travels with
/// it in <see cref="Rejection"/>, never inside a message.
/// </summary>
public enum TradingRejection
{
    /// <summary>No market has this symbol.</summary>
    UnknownSymbol,
    /// <summary>The market takes no new orders (halted, cancel-only).</summary>
    MarketClosed,
    /// <summary>A cancel in a market that takes no cancels.</summary>
    MarketClosedForCancel,
    /// <summary>A field the request needs was not sent.</summary>
    MissingField,
    /// <summary>An optional field was sent empty.</summary>
    EmptyField,
    /// <summary>One of two fields (<see cref="Rejection.Field"/> or <see cref="Rejection.OtherField"/>) is required.</summary>
    EitherField,
    /// <summary>A field this kind of order does not take.</summary>
    FieldNotAllowed,
    /// <summary>A value with characters the field cannot hold (control characters), field unknown.</summary>
    IllegalCharacters,
    /// <summary>A value that is not of the field's form (a malformed or negative number, a bad client order id).</summary>
    IllegalValue,
    /// <summary>More decimals than the asset has.</summary>
    TooPrecise,
    InvalidSide,
    InvalidOrderType,
    InvalidTimeInForce,
    /// <summary>A STOP_LOSS (market) order: a type Bourse does not offer.</summary>
    StopLossNotOffered,
    /// <summary>A TAKE_PROFIT (market) order: a type Bourse does not offer.</summary>
    TakeProfitNotOffered,
    /// <summary>A market filter refuses the order (<see cref="Rejection.Filter"/> says which).</summary>
    FilterFailure,
    /// <summary>A quantity that is zero, negative or not what the order type needs.</summary>
    InvalidQuantity,
    InvalidPrice,
    /// <summary>Fields that cannot go together (an iceberg that is not GTC).</summary>
    UnsupportedCombination,
    /// <summary>An iceberg slice larger than the order.</summary>
    IcebergExceedsQuantity,
    InsufficientBalance,
    /// <summary>A maker-only order that would take liquidity.</summary>
    WouldTake,
    /// <summary>A stop order whose stop price the last trade already passed.</summary>
    WouldTriggerImmediately,
    /// <summary>A fill-or-kill that cannot fill (reached by cancels only; a placement reports an expired order).</summary>
    WouldNotFill,
    DuplicateClientOrderId,
    UnknownOrder,
    /// <summary>The user may not trade.</summary>
    TradingNotAllowed,
    /// <summary>The core does not know the command.</summary>
    UnsupportedOperation,
    /// <summary>The engine is overloaded or stopping: nothing happened, try again.</summary>
    Busy,
    /// <summary>
    /// The engine stopped while the command waited for the log (e.g. the disk failed and the server was stopped): it
    /// may or may not have happened; look it up (by client order id) before sending it again.
    /// </summary>
    OutcomeUnknown,
    /// <summary>The engine refused to log the command as it is (a last line of defence behind the intake).</summary>
    Refused,
    /// <summary>Anything else: the outcome is not known.</summary>
    Unknown,
    /// <summary>An operator froze trading on the account (cancels still work).</summary>
    AccountRestricted,
}
