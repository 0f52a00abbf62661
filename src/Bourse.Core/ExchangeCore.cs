using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;
using Bourse.Core.Orders;

namespace Bourse.Core;

/// <summary>
/// The trading core: a deterministic state machine. <see cref="Apply"/> turns one command into events and nothing
/// else — no I/O, clock, threads or randomness — so replaying the command log rebuilds the same state and the same
/// events. Not thread-safe by design: one writer owns it.
/// </summary>
public sealed partial class ExchangeCore
{
    private const int MaxAssetId = 4095;
    private const int MaxFeeTier = 1_000;

    private readonly CoreOptions _options;
    private Commands.AssetSpec?[] _assets = new Commands.AssetSpec?[16];
    private long[] _supply = new long[16];
    private Market?[] _markets = new Market?[16];
    private readonly Dictionary<string, int> _assetIdsByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _marketIdsBySymbol = new(StringComparer.Ordinal);
    private readonly AccountTable _accounts = new();
    private readonly Account _feeAccount;
    private readonly Dictionary<long, Order> _openOrders = [];
    private readonly Dictionary<ClientOrderKey, Order> _openOrdersByClientId = [];
    private readonly FeeTier?[] _feeTiers = new FeeTier?[MaxFeeTier + 1];
    private readonly Stack<Order> _orderPool = new();

    // Per-command scratch: the event sink and the balances touched, reported once each when the command ends.
    private EventBuffer _events = null!;
    private long _sequence;
    private long _timestamp;
    private int _eventIndex;
    private TouchedBalance[] _touched = new TouchedBalance[64];
    private int _touchedCount;
    private TouchedLevel[] _touchedLevels = new TouchedLevel[64];
    private int _touchedLevelCount;

    public ExchangeCore(CoreOptions? options = null)
    {
        _options = options ?? new CoreOptions();
        _feeTiers[0] = _options.DefaultFeeTier;
        _feeAccount = GetOrCreateAccount(SystemAccounts.Fees);
    }

    /// <summary>Sequence of the last command applied; 0 for a new core.</summary>
    public long LastSequence { get; private set; }

    public CoreOptions Options => _options;

    /// <summary>
    /// Applies one command and appends the events it produces to <paramref name="events"/>. A refused command
    /// appends a rejection event and changes nothing else.
    /// </summary>
    public void Apply(in Command command, EventBuffer events)
    {
        if (command.Sequence <= LastSequence)
        {
            ThrowOutOfOrder(command.Sequence, LastSequence);
        }

        _events = events;
        _sequence = command.Sequence;
        _timestamp = command.Timestamp;
        _eventIndex = 0;
        _touchedCount = 0;
        _touchedLevelCount = 0;
        LastSequence = command.Sequence;

        switch (command.Type)
        {
            case CommandType.PlaceOrder:
                PlaceOrder(in command);
                break;
            case CommandType.CancelOrder:
                CancelOrder(in command);
                break;
            case CommandType.CancelAllOrders:
                CancelAllOrders(in command);
                break;
            case CommandType.CancelReplaceOrder:
                CancelReplaceOrder(in command);
                break;
            case CommandType.Deposit:
                Deposit(in command);
                break;
            case CommandType.ReserveWithdrawal:
                ReserveWithdrawal(in command);
                break;
            case CommandType.CompleteWithdrawal:
                CompleteWithdrawal(in command);
                break;
            case CommandType.CancelWithdrawal:
                CancelWithdrawal(in command);
                break;
            case CommandType.Transfer:
                Transfer(in command);
                break;
            case CommandType.Convert:
                ConvertAssets(in command);
                break;
            case CommandType.SetStakingProduct:
                SetStakingProduct(in command);
                break;
            case CommandType.Stake:
                Stake(in command);
                break;
            case CommandType.Unstake:
                Unstake(in command);
                break;
            case CommandType.PayStakingRewards:
                PayStakingRewards(in command);
                break;
            case CommandType.ReleaseUnstaked:
                ReleaseUnstaked(in command);
                break;
            case CommandType.CreateAsset:
                CreateAsset(in command);
                break;
            case CommandType.CreateMarket:
                CreateMarket(in command);
                break;
            case CommandType.UpdateMarket:
                UpdateMarket(in command);
                break;
            case CommandType.SetMarketStatus:
                SetMarketStatus(in command);
                break;
            case CommandType.SetFeeTier:
                SetFeeTier(in command);
                break;
            case CommandType.SetUserFeeTier:
                SetUserFeeTier(in command);
                break;
            default:
                Reject(in command, RejectReason.UnknownCommand);
                break;
        }

        EmitTouchedLevels();
        EmitTouchedBalances(BalanceReasonOf(command.Type), command.Type is CommandType.CompleteWithdrawal or CommandType.CancelWithdrawal ? command.WithdrawalId : command.Sequence, command.Reference);
        _events = null!;
    }

    // ---- queries (the engine asks these between batches; never from another thread) ----

    public Commands.AssetSpec? GetAsset(int assetId) => assetId > 0 && assetId < _assets.Length ? _assets[assetId] : null;

    public IEnumerable<Commands.AssetSpec> Assets => _assets.Where(a => a is not null)!;

    public Market? GetMarket(int marketId) => marketId > 0 && marketId < _markets.Length ? _markets[marketId] : null;

    public IEnumerable<Market> Markets => _markets.Where(m => m is not null)!;

    public Account? GetAccount(long userId) => _accounts.Find(userId);

    public IEnumerable<Account> Accounts => _accounts.All;

    public Balance GetBalance(long userId, int assetId) => _accounts.Find(userId)?.GetBalance(assetId) ?? default;

    public Order? GetOpenOrder(long orderId) => _openOrders.GetValueOrDefault(orderId);

    public int OpenOrderCount => _openOrders.Count;

    /// <summary>Credited deposits minus completed withdrawals of an asset: what all balances must add up to.</summary>
    public long SupplyOf(int assetId) => assetId > 0 && assetId < _supply.Length ? _supply[assetId] : 0;

    public FeeTier? GetFeeTier(int tier) => tier is >= 0 and <= MaxFeeTier ? _feeTiers[tier] : null;

    // ---- helpers shared by the command handlers ----

    private ref Event Emit(EventType type) => ref _events.Add(type, _sequence, _timestamp, ref _eventIndex);

    private void Reject(in Command command, RejectReason reason, long referenceId = 0)
    {
        ref var e = ref Emit(EventType.CommandRejected);
        e.Reason = reason;
        e.UserId = command.UserId;
        e.MarketId = command.MarketId;
        e.AssetId = command.AssetId;
        e.Amount = command.Amount;
        e.Reference = command.Reference;
        e.ReferenceId = referenceId;
    }

    // Balances grow to the highest asset id an account actually holds.
    private Account GetOrCreateAccount(long userId) => _accounts.GetOrAdd(userId, 8);

    /// <summary>Remembers a balance's value before its first change in this command.</summary>
    private ref Balance Touch(Account account, int assetId)
    {
        ref var balance = ref account.BalanceOf(assetId);
        if (balance.TouchedBy == _sequence)
        {
            return ref balance;
        }

        balance.TouchedBy = _sequence;

        if (_touchedCount == _touched.Length)
        {
            Array.Resize(ref _touched, _touched.Length * 2);
        }

        _touched[_touchedCount++] = new TouchedBalance(account, assetId, balance.Available, balance.Locked, balance.Staked);
        return ref balance;
    }

    private void EmitTouchedBalances(BalanceChangeReason reason, long referenceId, string? reference)
    {
        for (var i = 0; i < _touchedCount; i++)
        {
            ref var t = ref _touched[i];
            var balance = t.Account.GetBalance(t.AssetId);
            if (balance.Available != t.Available || balance.Locked != t.Locked || balance.Staked != t.Staked)
            {
                ref var e = ref Emit(EventType.BalanceChanged);
                e.UserId = t.Account.UserId;
                e.AssetId = t.AssetId;
                e.Available = balance.Available;
                e.Locked = balance.Locked;
                e.AvailableDelta = balance.Available - t.Available;
                e.LockedDelta = balance.Locked - t.Locked;
                e.Staked = balance.Staked;
                e.StakedDelta = balance.Staked - t.Staked;
                e.BalanceReason = reason;
                e.ReferenceId = referenceId;
                e.Reference = reference;
            }

            t = default;
        }

        _touchedCount = 0;
    }

    private static BalanceChangeReason BalanceReasonOf(CommandType type) => type switch
    {
        CommandType.Deposit => BalanceChangeReason.Deposit,
        CommandType.ReserveWithdrawal => BalanceChangeReason.WithdrawalReserved,
        CommandType.CompleteWithdrawal => BalanceChangeReason.WithdrawalCompleted,
        CommandType.CancelWithdrawal => BalanceChangeReason.WithdrawalCanceled,
        CommandType.Transfer => BalanceChangeReason.Transfer,
        CommandType.Convert => BalanceChangeReason.Convert,
        CommandType.Stake => BalanceChangeReason.Stake,
        CommandType.Unstake => BalanceChangeReason.Unstake,
        CommandType.PayStakingRewards => BalanceChangeReason.StakingReward,
        CommandType.ReleaseUnstaked => BalanceChangeReason.UnstakeReleased,
        _ => BalanceChangeReason.Order,
    };

    private static void ThrowOutOfOrder(long sequence, long last) =>
        throw new InvalidOperationException($"Command sequence {sequence} does not follow {last}.");

    /// <summary>Remembers a price level's displayed quantity before its first change in this command.</summary>
    private void TouchLevel(Market market, Side side, PriceLevel level)
    {
        if (level.TouchedBy == _sequence)
        {
            return;
        }

        level.TouchedBy = _sequence;
        if (_touchedLevelCount == _touchedLevels.Length)
        {
            Array.Resize(ref _touchedLevels, _touchedLevels.Length * 2);
        }

        _touchedLevels[_touchedLevelCount++] = new TouchedLevel(market, side, level.Price, level.VisibleQuantity);
    }

    /// <summary>Reports each price level whose displayed quantity the command changed, with its new quantity.</summary>
    private void EmitTouchedLevels()
    {
        for (var i = 0; i < _touchedLevelCount; i++)
        {
            ref var t = ref _touchedLevels[i];
            var now = t.Market.SideOf(t.Side).Find(t.Price)?.VisibleQuantity ?? 0;
            // A level emptied and re-created within the command is listed twice: report it once.
            var repeated = false;
            for (var j = 0; j < i && !repeated; j++)
            {
                repeated = _touchedLevels[j].Price == t.Price && _touchedLevels[j].Side == t.Side && ReferenceEquals(_touchedLevels[j].Market, t.Market);
            }

            if (!repeated && now != t.Visible)
            {
                if (t.Market.BookUpdatedBy != _sequence)
                {
                    t.Market.BookUpdateId++;
                    t.Market.BookUpdatedBy = _sequence;
                }

                ref var e = ref Emit(EventType.BookLevelChanged);
                e.MarketId = t.Market.Id;
                e.Side = t.Side;
                e.Price = t.Price;
                e.Quantity = now;
                e.BookUpdateId = t.Market.BookUpdateId;
            }

            t = default;
        }

        _touchedLevelCount = 0;
    }

    private readonly record struct TouchedLevel(Market Market, Side Side, long Price, long Visible);

    private readonly record struct TouchedBalance(Account Account, int AssetId, long Available, long Locked, long Staked);

    private readonly record struct ClientOrderKey(long UserId, string ClientOrderId);
}
