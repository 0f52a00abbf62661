using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Conversion;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Matching;
using Bourse.Core.Model;
using Bourse.Core.Orders;
using Bourse.Core.Staking;

namespace Bourse.Core;

/// <summary>
/// The trading core: a deterministic state machine. <see cref="Apply"/> turns one command into events and nothing
/// else — no I/O, clock, threads or randomness — so replaying the command log rebuilds the same state and the same
/// events. Not thread-safe by design: one writer owns it.
/// <para>
/// It owns the components and routes each command to the one that handles it: <see cref="ReferenceData"/> (assets,
/// markets, fee tiers), <see cref="Ledger"/> (balances, deposits, withdrawals, transfers), <see cref="MatchingEngine"/>
/// (books and orders), <see cref="ConvertDesk"/> and <see cref="StakingDesk"/>. A component reaches another only
/// through the one it was given at construction (convert and matching move funds through the ledger; convert trades
/// through matching), by direct calls on sealed classes, so dispatch costs no virtual call and no allocation.
/// </para>
/// </summary>
public sealed partial class ExchangeCore
{
    private readonly CoreOptions _options;
    private readonly CommandScope _scope = new();
    private readonly ReferenceData _referenceData;
    private readonly Ledger _ledger;
    private readonly MatchingEngine _matching;
    private readonly ConvertDesk _convert;
    private readonly StakingDesk _staking;

    public ExchangeCore(CoreOptions? options = null)
    {
        _options = options ?? new CoreOptions();
        _referenceData = new ReferenceData(_scope, _options);
        _ledger = new Ledger(_scope, _referenceData);
        _matching = new MatchingEngine(_scope, _options, _referenceData, _ledger);
        _convert = new ConvertDesk(_scope, _referenceData, _ledger, _matching);
        _staking = new StakingDesk(_scope, _referenceData, _ledger);
    }

    /// <summary>Sequence of the last command applied; 0 for a new core.</summary>
    public long LastSequence { get; private set; }

    public CoreOptions Options => _options;

    /// <summary>
    /// Applies one command and appends the events it produces to <paramref name="events"/>. A refused command
    /// appends a rejection event and changes nothing else. Whatever the command, the price levels and balances it
    /// changed are reported last, once each: book levels first, then balances.
    /// </summary>
    public void Apply(in Command command, EventBuffer events)
    {
        if (command.Sequence <= LastSequence)
        {
            ThrowOutOfOrder(command.Sequence, LastSequence);
        }

        _scope.Open(in command, events);
        _ledger.BeginCommand();
        _matching.BeginCommand();
        LastSequence = command.Sequence;

        switch (command.Type)
        {
            case CommandType.PlaceOrder:
                _matching.PlaceOrder(in command);
                break;
            case CommandType.CancelOrder:
                _matching.CancelOrder(in command);
                break;
            case CommandType.CancelAllOrders:
                _matching.CancelAllOrders(in command);
                break;
            case CommandType.CancelReplaceOrder:
                _matching.CancelReplaceOrder(in command);
                break;
            case CommandType.Deposit:
                _ledger.Deposit(in command);
                break;
            case CommandType.ReserveWithdrawal:
                _ledger.ReserveWithdrawal(in command);
                break;
            case CommandType.CompleteWithdrawal:
                _ledger.CompleteWithdrawal(in command);
                break;
            case CommandType.CancelWithdrawal:
                _ledger.CancelWithdrawal(in command);
                break;
            case CommandType.Transfer:
                _ledger.Transfer(in command);
                break;
            case CommandType.Convert:
                _convert.Convert(in command);
                break;
            case CommandType.SetStakingProduct:
                _staking.SetStakingProduct(in command);
                break;
            case CommandType.Stake:
                _staking.Stake(in command);
                break;
            case CommandType.Unstake:
                _staking.Unstake(in command);
                break;
            case CommandType.PayStakingRewards:
                _staking.PayStakingRewards(in command);
                break;
            case CommandType.ReleaseUnstaked:
                _staking.ReleaseUnstaked(in command);
                break;
            case CommandType.CreateAsset:
                _referenceData.CreateAsset(in command);
                break;
            case CommandType.CreateMarket:
                _referenceData.CreateMarket(in command);
                break;
            case CommandType.UpdateMarket:
                _referenceData.UpdateMarket(in command);
                break;
            case CommandType.SetMarketStatus:
                _referenceData.SetMarketStatus(in command);
                break;
            case CommandType.SetAssetStatus:
                _referenceData.SetAssetStatus(in command);
                break;
            case CommandType.DelistMarket:
                _matching.DelistMarket(in command);
                break;
            case CommandType.SetFeeTier:
                _referenceData.SetFeeTier(in command);
                break;
            case CommandType.SetUserFeeTier:
                _ledger.SetUserFeeTier(in command);
                break;
            case CommandType.SetAccountRestrictions:
                _ledger.SetAccountRestrictions(in command);
                break;
            case CommandType.AdjustBalance:
                _ledger.AdjustBalance(in command);
                break;
            default:
                _scope.Reject(in command, RejectReason.UnknownCommand);
                break;
        }

        _matching.EmitTouchedLevels();
        _ledger.EmitTouchedBalances(BalanceReasonOf(command.Type),
            command.Type is CommandType.CompleteWithdrawal or CommandType.CancelWithdrawal ? command.WithdrawalId : command.Sequence,
            command.Reference);
        _scope.Close();
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
        CommandType.AdjustBalance => BalanceChangeReason.Adjustment,
        _ => BalanceChangeReason.Order,
    };

    private static void ThrowOutOfOrder(long sequence, long last) =>
        throw new InvalidOperationException($"Command sequence {sequence} does not follow {last}.");

    // ---- queries (the engine asks these between batches; never from another thread) ----

    public AssetSpec? GetAsset(int assetId) => _referenceData.GetAsset(assetId);

    public IEnumerable<AssetSpec> Assets => _referenceData.Assets;

    /// <summary>An asset's name and suspensions (no name and nothing suspended unless an operator set them).</summary>
    public AssetStatus AssetStatusOf(int assetId) => _referenceData.AssetStatusOf(assetId);

    public Market? GetMarket(int marketId) => _referenceData.GetMarket(marketId);

    public IEnumerable<Market> Markets => _referenceData.Markets;

    public FeeTier? GetFeeTier(int tier) => _referenceData.GetFeeTier(tier);

    public Account? GetAccount(long userId) => _ledger.Find(userId);

    public IEnumerable<Account> Accounts => _ledger.Accounts;

    public Balance GetBalance(long userId, int assetId) => _ledger.GetBalance(userId, assetId);

    /// <summary>Credited deposits minus completed withdrawals, plus net adjustments, of an asset: what all balances must add up to.</summary>
    public long SupplyOf(int assetId) => _ledger.SupplyOf(assetId);

    /// <summary>The net of operators' credits and debits of an asset (a part of <see cref="SupplyOf"/>).</summary>
    public long AdjustmentsOf(int assetId) => _ledger.AdjustmentsOf(assetId);

    /// <summary>The sequence of the operator adjustment applied under <paramref name="reference"/> (references are global), if one was.</summary>
    public long? FindAdjustment(string reference) => _ledger.FindAdjustment(reference);

    public IEnumerable<PendingWithdrawal> PendingWithdrawals => _ledger.PendingWithdrawals;

    public PendingWithdrawal? GetPendingWithdrawal(long withdrawalId) => _ledger.GetPendingWithdrawal(withdrawalId);

    public Order? GetOpenOrder(long orderId) => _matching.GetOpenOrder(orderId);

    public int OpenOrderCount => _matching.OpenOrderCount;

    /// <summary>An open order's current state in the shape of its order events, for views starting from a recovered core.</summary>
    public static Event Describe(Order order) => MatchingEngine.Describe(order);

    /// <inheritdoc cref="ConvertDesk.PlanConvert"/>
    public ConvertPlan PlanConvert(long userId, int fromAssetId, int toAssetId, long amount) =>
        _convert.PlanConvert(userId, fromAssetId, toAssetId, amount);

    /// <inheritdoc cref="ConvertDesk.PlanConvertToReceive"/>
    public ConvertPlan PlanConvertToReceive(long userId, int fromAssetId, int toAssetId, long received) =>
        _convert.PlanConvertToReceive(userId, fromAssetId, toAssetId, received);

    /// <summary>Every stakable asset's terms, by asset id.</summary>
    public IEnumerable<StakingProduct> StakingProducts => _staking.StakingProducts;

    public StakingProduct? GetStakingProduct(int assetId) => _staking.GetStakingProduct(assetId);

    /// <summary>A user's positions (one per asset ever staked), by asset id.</summary>
    public IEnumerable<StakingPosition> StakingPositionsOf(long userId) => _staking.StakingPositionsOf(userId);

    public StakingPosition? GetStakingPosition(long userId, int assetId) => _staking.GetStakingPosition(userId, assetId);

    /// <summary>A user's unstaked funds still unbonding, soonest release first.</summary>
    public IEnumerable<UnbondingEntry> UnbondingOf(long userId) => _staking.UnbondingOf(userId);

    /// <summary>Every unbonding entry, soonest release first.</summary>
    public IEnumerable<UnbondingEntry> Unbonding => _staking.Unbonding;

    /// <summary>When the next unstaked funds are due for release (Unix ms); null when nothing is unbonding.</summary>
    public long? NextReleaseAt => _staking.NextReleaseAt;

    /// <inheritdoc cref="StakingDesk.NextEarningPeriod"/>
    public long? NextEarningPeriod(int assetId) => _staking.NextEarningPeriod(assetId);

    /// <summary>The stake a user made under <paramref name="reference"/>, if any.</summary>
    public StakingRequest? FindStake(long userId, string reference) => _staking.FindStake(userId, reference);

    /// <summary>The unstake a user made under <paramref name="reference"/>, if any.</summary>
    public StakingRequest? FindUnstake(long userId, string reference) => _staking.FindUnstake(userId, reference);
}
