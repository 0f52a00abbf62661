using Bourse.Core.Model;

namespace Bourse.Core.Events;

/// <summary>
/// One fact produced by a command. A flat value type written into a reused <see cref="EventBuffer"/>, so emitting
/// costs no allocation. Each event carries enough for a consumer to rebuild its view without asking the core:
/// order events carry the order's whole state after the change, balance events the balance after it.
/// </summary>
public struct Event
{
    public EventType Type;
    /// <summary>Sequence of the command that produced the event.</summary>
    public long Sequence;
    /// <summary>Position of the event within its command, from 0.</summary>
    public int Index;
    public long Timestamp;

    public long UserId;
    public int MarketId;
    public int AssetId;
    public RejectReason Reason;

    // Orders: the order's state after the change.
    public long OrderId;
    public string? ClientOrderId;
    public Side Side;
    public OrderType OrderType;
    public TimeInForce TimeInForce;
    public SelfTradePrevention SelfTradePrevention;
    public OrderStatus Status;
    public long Price;
    public long Quantity;
    public long QuoteQuantity;
    public long StopPrice;
    public long IcebergQuantity;
    public long ExecutedQuantity;
    public long CumulativeQuote;
    /// <summary>When the order was placed (or, for a triggered stop, when it started working).</summary>
    public long CreatedAt;
    /// <summary>When the order started working; 0 while a stop order waits for its trigger.</summary>
    public long WorkingTime;

    // Fills and trades: the last fill; the counterparty; the fee this side paid.
    public long TradeId;
    public long LastPrice;
    public long LastQuantity;
    public long LastQuote;
    public bool IsMaker;
    /// <summary>Trade: the taker's side. Fill: the other order and its owner.</summary>
    public long CounterOrderId;
    public long CounterUserId;
    public long Commission;
    public int CommissionAssetId;
    /// <summary>Trade: the maker's commission (in the asset the maker received).</summary>
    public long CounterCommission;
    /// <summary>Self-trade prevention expiry: the quantity that was not traded.</summary>
    public long PreventedQuantity;

    /// <summary>
    /// BookLevelChanged: the market's book update id, which counts 1, 2, 3… per market, once per command that changed
    /// its book — the contiguous ids depth streams and snapshots line up on.
    /// </summary>
    public long BookUpdateId;

    // Balances and ledger.
    public BalanceChangeReason BalanceReason;
    public long Available;
    public long Locked;
    public long AvailableDelta;
    public long LockedDelta;
    /// <summary>Order id, withdrawal id or transfer id the change belongs to.</summary>
    public long ReferenceId;
    public string? Reference;
    public long Amount;

    // Converts: what was received (Amount/AssetId: what was spent); Commission: the fees, in the to asset.
    public int ToAssetId;
    public long ToAmount;

    // Staking: the balance's staked part after the change, the change, and the reward period.
    public long Staked;
    public long StakedDelta;
    public long Period;
    /// <summary>UnstakeStarted: when the funds become available again (Unix ms).</summary>
    public long ReleaseAt;

    /// <summary>AccountRestrictionsChanged: what is frozen on the account from now on.</summary>
    public AccountRestrictions Restrictions;
}
