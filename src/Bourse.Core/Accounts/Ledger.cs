using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Markets;
using Bourse.Core.Model;

namespace Bourse.Core.Accounts;

/// <summary>
/// Every balance in the exchange, and the only ways value enters (deposits), leaves (withdrawals) or moves between
/// users outside trading (transfers). Other components change balances only through <see cref="Touch"/>,
/// <see cref="Lock"/> and <see cref="Unlock"/>, so each balance a command changes is reported once, as one
/// <c>BalanceChanged</c> event with its new value and deltas, when the command ends (<see cref="EmitTouchedBalances"/>).
/// Invariants: for every asset the balances of all accounts (users, fees, rewards) add up to <see cref="SupplyOf"/>;
/// no part of a balance is ever negative; locked funds equal the reservations of open orders and pending withdrawals.
/// </summary>
internal sealed class Ledger
{
    private readonly CommandScope _scope;
    private readonly ReferenceData _referenceData;
    private readonly AccountTable _accounts = new();
    private long[] _supply = new long[16];
    private long[] _adjusted = new long[16];

    // The balances the current command touched, with their values before its first change.
    private TouchedBalance[] _touched = new TouchedBalance[64];
    private int _touchedCount;

    private readonly HashSet<string> _depositReferences = new(StringComparer.Ordinal);
    private readonly Dictionary<UserReference, long> _withdrawalReferences = [];
    private readonly Dictionary<long, PendingWithdrawal> _pendingWithdrawals = [];
    private readonly Dictionary<UserReference, long> _transferReferences = [];
    private readonly Dictionary<string, long> _adjustmentReferences = new(StringComparer.Ordinal);

    public Ledger(CommandScope scope, ReferenceData referenceData)
    {
        _scope = scope;
        _referenceData = referenceData;
        FeeAccount = GetOrCreateAccount(SystemAccounts.Fees);
    }

    /// <summary>Where trading fees go: an ordinary account, so conservation covers fees too.</summary>
    public Account FeeAccount { get; }

    public Account? Find(long userId) => _accounts.Find(userId);

    public IEnumerable<Account> Accounts => _accounts.All;

    public Balance GetBalance(long userId, int assetId) => _accounts.Find(userId)?.GetBalance(assetId) ?? default;

    // Balances grow to the highest asset id an account actually holds.
    public Account GetOrCreateAccount(long userId) => _accounts.GetOrAdd(userId, 8);

    /// <summary>Credited deposits minus completed withdrawals, plus net adjustments, of an asset: what all balances must add up to.</summary>
    public long SupplyOf(int assetId) => assetId > 0 && assetId < _supply.Length ? _supply[assetId] : 0;

    /// <summary>The net of operators' credits and debits of an asset: the part of <see cref="SupplyOf"/> no deposit explains.</summary>
    public long AdjustmentsOf(int assetId) => assetId > 0 && assetId < _adjusted.Length ? _adjusted[assetId] : 0;

    /// <summary>The sequence of the adjustment applied under <paramref name="reference"/>, if one was.</summary>
    public long? FindAdjustment(string reference) => _adjustmentReferences.TryGetValue(reference, out var sequence) ? sequence : null;

    public IEnumerable<PendingWithdrawal> PendingWithdrawals => _pendingWithdrawals.Values.OrderBy(w => w.Id);

    public PendingWithdrawal? GetPendingWithdrawal(long withdrawalId) => _pendingWithdrawals.GetValueOrDefault(withdrawalId);

    // ---- changing balances: every change goes through Touch, so the command reports it ----

    /// <summary>A balance to change, remembered with its value before the command's first change to it.</summary>
    public ref Balance Touch(Account account, int assetId)
    {
        ref var balance = ref account.BalanceOf(assetId);
        if (balance.TouchedBy == _scope.Sequence)
        {
            return ref balance;
        }

        balance.TouchedBy = _scope.Sequence;

        if (_touchedCount == _touched.Length)
        {
            Array.Resize(ref _touched, _touched.Length * 2);
        }

        _touched[_touchedCount++] = new TouchedBalance(account, assetId, balance.Available, balance.Locked, balance.Staked);
        return ref balance;
    }

    /// <summary>Moves <paramref name="amount"/> from available to locked (the caller checked it is available).</summary>
    public void Lock(Account account, int assetId, long amount)
    {
        ref var balance = ref Touch(account, assetId);
        balance.Available -= amount;
        balance.Locked += amount;
    }

    /// <summary>Moves <paramref name="amount"/> from locked back to available.</summary>
    public void Unlock(Account account, int assetId, long amount)
    {
        ref var balance = ref Touch(account, assetId);
        balance.Locked -= amount;
        balance.Available += amount;
    }

    /// <summary>Forgets what an earlier, interrupted command touched.</summary>
    public void BeginCommand() => _touchedCount = 0;

    /// <summary>One <c>BalanceChanged</c> per balance the command changed, in the order they were first touched.</summary>
    public void EmitTouchedBalances(BalanceChangeReason reason, long referenceId, string? reference)
    {
        for (var i = 0; i < _touchedCount; i++)
        {
            ref var t = ref _touched[i];
            var balance = t.Account.GetBalance(t.AssetId);
            if (balance.Available != t.Available || balance.Locked != t.Locked || balance.Staked != t.Staked)
            {
                ref var e = ref _scope.Emit(EventType.BalanceChanged);
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

    // ---- commands ----

    /// <summary>Credits a deposit once per external reference (e.g. chain transaction and output), so retries are harmless.</summary>
    public void Deposit(in Command command)
    {
        if (!IsValidLedgerCommand(in command))
        {
            return;
        }

        if (_depositReferences.Contains(command.Reference!))
        {
            _scope.Reject(in command, RejectReason.DuplicateReference);
            return;
        }

        if (_referenceData.IsSuspended(command.AssetId, AssetSuspensions.Deposits))
        {
            _scope.Reject(in command, RejectReason.AssetSuspended);
            return;
        }

        ref var supply = ref SupplySlot(command.AssetId);
        if (!Arithmetic.TryAdd(supply, command.Amount, out var newSupply))
        {
            _scope.Reject(in command, RejectReason.Overflow);
            return;
        }

        _depositReferences.Add(command.Reference!);
        supply = newSupply;
        Touch(GetOrCreateAccount(command.UserId), command.AssetId).Available += command.Amount;
        ref var e = ref _scope.Emit(EventType.DepositCredited);
        e.UserId = command.UserId;
        e.AssetId = command.AssetId;
        e.Amount = command.Amount;
        e.Reference = command.Reference;
    }

    /// <summary>Locks funds for a withdrawal; its id is the command's sequence. One withdrawal per user reference.</summary>
    public void ReserveWithdrawal(in Command command)
    {
        if (!IsValidLedgerCommand(in command))
        {
            return;
        }

        var key = new UserReference(command.UserId, command.Reference!);
        if (_withdrawalReferences.TryGetValue(key, out var existingId))
        {
            _scope.Reject(in command, RejectReason.DuplicateReference, existingId);
            return;
        }

        var account = Find(command.UserId);
        if (account is not null && account.IsRestricted(AccountRestrictions.Withdrawals))
        {
            _scope.Reject(in command, RejectReason.AccountRestricted);
            return;
        }

        if (_referenceData.IsSuspended(command.AssetId, AssetSuspensions.Withdrawals))
        {
            _scope.Reject(in command, RejectReason.AssetSuspended);
            return;
        }

        if (account is null || account.GetBalance(command.AssetId).Available < command.Amount)
        {
            _scope.Reject(in command, RejectReason.InsufficientBalance);
            return;
        }

        Lock(account, command.AssetId, command.Amount);
        var withdrawal = new PendingWithdrawal(command.Sequence, command.UserId, command.AssetId, command.Amount, command.Reference!);
        _pendingWithdrawals.Add(withdrawal.Id, withdrawal);
        _withdrawalReferences.Add(key, withdrawal.Id);
        EmitWithdrawal(EventType.WithdrawalReserved, withdrawal);
    }

    /// <summary>The chain side sent the funds: they leave the exchange.</summary>
    public void CompleteWithdrawal(in Command command)
    {
        if (!_pendingWithdrawals.Remove(command.WithdrawalId, out var withdrawal))
        {
            _scope.Reject(in command, RejectReason.UnknownWithdrawal);
            return;
        }

        Touch(_accounts.Find(withdrawal.UserId)!, withdrawal.AssetId).Locked -= withdrawal.Amount;
        SupplySlot(withdrawal.AssetId) -= withdrawal.Amount;
        EmitWithdrawal(EventType.WithdrawalCompleted, withdrawal);
    }

    /// <summary>The withdrawal was refused or failed: the funds return to the user.</summary>
    public void CancelWithdrawal(in Command command)
    {
        if (!_pendingWithdrawals.Remove(command.WithdrawalId, out var withdrawal))
        {
            _scope.Reject(in command, RejectReason.UnknownWithdrawal);
            return;
        }

        Unlock(_accounts.Find(withdrawal.UserId)!, withdrawal.AssetId, withdrawal.Amount);
        EmitWithdrawal(EventType.WithdrawalCanceled, withdrawal);
    }

    private void EmitWithdrawal(EventType type, PendingWithdrawal withdrawal)
    {
        ref var e = ref _scope.Emit(type);
        e.UserId = withdrawal.UserId;
        e.AssetId = withdrawal.AssetId;
        e.Amount = withdrawal.Amount;
        e.ReferenceId = withdrawal.Id;
        e.Reference = withdrawal.Reference;
    }

    /// <summary>Moves available funds between two users; idempotent per sender and reference.</summary>
    public void Transfer(in Command command)
    {
        if (!IsValidLedgerCommand(in command))
        {
            return;
        }

        // Users send to users: not to system accounts (negative ids), not to nobody.
        if (command.RecipientUserId <= 0)
        {
            _scope.Reject(in command, RejectReason.InvalidUser);
            return;
        }

        if (command.RecipientUserId == command.UserId)
        {
            _scope.Reject(in command, RejectReason.SelfTransfer);
            return;
        }

        var key = new UserReference(command.UserId, command.Reference!);
        if (_transferReferences.TryGetValue(key, out var existingId))
        {
            _scope.Reject(in command, RejectReason.DuplicateReference, existingId);
            return;
        }

        var sender = Find(command.UserId);
        if (sender is not null && sender.IsRestricted(AccountRestrictions.Withdrawals))
        {
            _scope.Reject(in command, RejectReason.AccountRestricted);
            return;
        }

        if (_referenceData.IsSuspended(command.AssetId, AssetSuspensions.Withdrawals))
        {
            _scope.Reject(in command, RejectReason.AssetSuspended);
            return;
        }

        if (sender is null || sender.GetBalance(command.AssetId).Available < command.Amount)
        {
            _scope.Reject(in command, RejectReason.InsufficientBalance);
            return;
        }

        _transferReferences.Add(key, command.Sequence);
        Touch(sender, command.AssetId).Available -= command.Amount;
        Touch(GetOrCreateAccount(command.RecipientUserId), command.AssetId).Available += command.Amount;
        ref var e = ref _scope.Emit(EventType.TransferCompleted);
        e.UserId = command.UserId;
        e.CounterUserId = command.RecipientUserId;
        e.AssetId = command.AssetId;
        e.Amount = command.Amount;
        e.ReferenceId = command.Sequence;
        e.Reference = command.Reference;
    }

    /// <summary>Moves a user to a fee tier the operator has set; the tier's rates apply from their next fill.</summary>
    public void SetUserFeeTier(in Command command)
    {
        if (command.UserId <= 0)
        {
            _scope.Reject(in command, RejectReason.InvalidUser);
            return;
        }

        if (!_referenceData.HasFeeTier(command.FeeTier))
        {
            _scope.Reject(in command, RejectReason.UnknownFeeTier);
            return;
        }

        GetOrCreateAccount(command.UserId).FeeTier = (int)command.FeeTier;
        ref var e = ref _scope.Emit(EventType.UserFeeTierChanged);
        e.UserId = command.UserId;
        e.Amount = command.FeeTier;
    }

    /// <summary>
    /// Sets what is frozen on a user's account (the whole set: a command with <see cref="AccountRestrictions.None"/>
    /// unfreezes). Nothing already under way changes: open orders stay, pending withdrawals go on.
    /// </summary>
    public void SetAccountRestrictions(in Command command)
    {
        if (command.UserId <= 0)
        {
            _scope.Reject(in command, RejectReason.InvalidUser);
            return;
        }

        const long known = (long)(AccountRestrictions.Trading | AccountRestrictions.Withdrawals);
        if ((command.Restrictions & ~known) != 0)
        {
            _scope.Reject(in command, RejectReason.InvalidRestrictions);
            return;
        }

        var restrictions = (AccountRestrictions)command.Restrictions;
        GetOrCreateAccount(command.UserId).Restrictions = restrictions;
        ref var e = ref _scope.Emit(EventType.AccountRestrictionsChanged);
        e.UserId = command.UserId;
        e.Restrictions = restrictions;
    }

    /// <summary>
    /// An operator's credit or debit of a user's available balance, once per reference (across all users: the
    /// reference names the approved adjustment). A debit never takes more than is available. The supply moves with
    /// it, and <see cref="AdjustmentsOf"/> keeps the net apart, so reconciliation shows what no deposit explains.
    /// </summary>
    public void AdjustBalance(in Command command)
    {
        if (command.UserId <= 0)
        {
            _scope.Reject(in command, RejectReason.InvalidUser);
            return;
        }

        if (_referenceData.GetAsset(command.AssetId) is null)
        {
            _scope.Reject(in command, RejectReason.UnknownAsset);
            return;
        }

        if (command.Amount == 0 || command.Amount == long.MinValue)
        {
            _scope.Reject(in command, RejectReason.InvalidAmount);
            return;
        }

        if (string.IsNullOrEmpty(command.Reference) || command.Reference.Length > 128)
        {
            _scope.Reject(in command, RejectReason.MissingReference);
            return;
        }

        if (_adjustmentReferences.TryGetValue(command.Reference, out var existing))
        {
            _scope.Reject(in command, RejectReason.DuplicateReference, existing);
            return;
        }

        // A refused debit must leave no trace, not even an empty account.
        if (command.Amount < 0 && (Find(command.UserId)?.GetBalance(command.AssetId).Available ?? 0) < -command.Amount)
        {
            _scope.Reject(in command, RejectReason.InsufficientBalance);
            return;
        }

        var account = GetOrCreateAccount(command.UserId);
        ref var supply = ref SupplySlot(command.AssetId);
        ref var adjusted = ref AdjustedSlot(command.AssetId);

        if (!Arithmetic.TryAdd(supply, command.Amount, out var newSupply) || !Arithmetic.TryAdd(adjusted, command.Amount, out var newAdjusted)
            || !Arithmetic.TryAdd(account.GetBalance(command.AssetId).Available, command.Amount, out _))
        {
            _scope.Reject(in command, RejectReason.Overflow);
            return;
        }

        _adjustmentReferences.Add(command.Reference, command.Sequence);
        supply = newSupply;
        adjusted = newAdjusted;
        Touch(account, command.AssetId).Available += command.Amount;
        ref var e = ref _scope.Emit(EventType.BalanceAdjusted);
        e.UserId = command.UserId;
        e.AssetId = command.AssetId;
        e.Amount = command.Amount;
        e.ReferenceId = command.Sequence;
        e.Reference = command.Reference;
    }

    /// <summary>
    /// The checks every command moving a user's funds by amount and reference shares (a user, a known asset, a positive
    /// amount, a reference); refuses the command and returns false when one fails.
    /// </summary>
    public bool IsValidLedgerCommand(in Command command)
    {
        if (command.UserId == 0)
        {
            _scope.Reject(in command, RejectReason.InvalidUser);
            return false;
        }

        if (_referenceData.GetAsset(command.AssetId) is null)
        {
            _scope.Reject(in command, RejectReason.UnknownAsset);
            return false;
        }

        if (command.Amount <= 0)
        {
            _scope.Reject(in command, RejectReason.InvalidAmount);
            return false;
        }

        if (string.IsNullOrEmpty(command.Reference) || command.Reference.Length > 128)
        {
            _scope.Reject(in command, RejectReason.MissingReference);
            return false;
        }

        return true;
    }

    private ref long AdjustedSlot(int assetId)
    {
        if (assetId >= _adjusted.Length)
        {
            Array.Resize(ref _adjusted, Math.Max(assetId + 1, _adjusted.Length * 2));
        }

        return ref _adjusted[assetId];
    }

    private ref long SupplySlot(int assetId)
    {
        if (assetId >= _supply.Length)
        {
            Array.Resize(ref _supply, Math.Max(assetId + 1, _supply.Length * 2));
        }

        return ref _supply[assetId];
    }

    // ---- snapshot sections: an asset's supply, the accounts, and deposits / withdrawals / transfers ----

    public void WriteSupply(BinaryWriter w, int assetId) => w.Write(SupplyOf(assetId));

    public void ReadSupply(BinaryReader r, int assetId) => SupplySlot(assetId) = r.ReadInt64();

    public void WriteAccounts(BinaryWriter w)
    {
        var accounts = Accounts.ToList();
        w.Write(accounts.Count);
        foreach (var account in accounts)
        {
            w.Write(account.UserId);
            w.Write(account.FeeTier);
            var held = Enumerable.Range(0, account.AssetSlots).Where(a => account.GetBalance(a).Total != 0).ToList();
            w.Write(held.Count);
            foreach (var assetId in held)
            {
                var balance = account.GetBalance(assetId);
                w.Write(assetId);
                w.Write(balance.Available);
                w.Write(balance.Locked);
                w.Write(balance.Staked);
            }
        }
    }

    public void ReadAccounts(BinaryReader r)
    {
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var account = GetOrCreateAccount(r.ReadInt64());
            account.FeeTier = r.ReadInt32();
            for (var held = r.ReadInt32(); held > 0; held--)
            {
                ref var balance = ref account.BalanceOf(r.ReadInt32());
                balance.Available = r.ReadInt64();
                balance.Locked = r.ReadInt64();
                balance.Staked = r.ReadInt64();
            }
        }
    }

    public void WriteMovements(BinaryWriter w)
    {
        var deposits = _depositReferences.Order(StringComparer.Ordinal).ToList();
        w.Write(deposits.Count);
        foreach (var reference in deposits)
        {
            w.Write(reference);
        }

        UserReferences.Write(w, _withdrawalReferences);
        UserReferences.Write(w, _transferReferences);

        var pending = PendingWithdrawals.ToList();
        w.Write(pending.Count);
        foreach (var withdrawal in pending)
        {
            w.Write(withdrawal.Id);
            w.Write(withdrawal.UserId);
            w.Write(withdrawal.AssetId);
            w.Write(withdrawal.Amount);
            w.Write(withdrawal.Reference);
        }
    }

    /// <summary>
    /// The ledger's snapshot extensions (see <see cref="SnapshotExtension"/>): account restrictions and adjustments,
    /// each written only when there is something in it, so a state that never used them snapshots and hashes exactly as
    /// it did before they existed.
    /// </summary>
    public void WriteExtensions(BinaryWriter w)
    {
        var restricted = _accounts.All.Where(a => a.Restrictions != AccountRestrictions.None).OrderBy(a => a.UserId).ToList();
        if (restricted.Count > 0)
        {
            w.Write((byte)SnapshotExtension.AccountRestrictions);
            w.Write(restricted.Count);
            foreach (var account in restricted)
            {
                w.Write(account.UserId);
                w.Write((byte)account.Restrictions);
            }
        }

        if (_adjustmentReferences.Count > 0)
        {
            w.Write((byte)SnapshotExtension.Adjustments);
            var assets = Enumerable.Range(1, _adjusted.Length - 1).Where(id => _adjusted[id] != 0).ToList();
            w.Write(assets.Count);
            foreach (var assetId in assets)
            {
                w.Write(assetId);
                w.Write(_adjusted[assetId]);
            }

            var references = _adjustmentReferences.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            w.Write(references.Count);
            foreach (var (reference, sequence) in references)
            {
                w.Write(reference);
                w.Write(sequence);
            }
        }
    }

    /// <summary>Reads one extension written by <see cref="WriteExtensions"/>; false when it is not the ledger's.</summary>
    public bool TryReadExtension(SnapshotExtension extension, BinaryReader r)
    {
        switch (extension)
        {
            case SnapshotExtension.AccountRestrictions:
                for (var count = r.ReadInt32(); count > 0; count--)
                {
                    GetOrCreateAccount(r.ReadInt64()).Restrictions = (AccountRestrictions)r.ReadByte();
                }

                return true;
            case SnapshotExtension.Adjustments:
                for (var count = r.ReadInt32(); count > 0; count--)
                {
                    AdjustedSlot(r.ReadInt32()) = r.ReadInt64();
                }

                for (var count = r.ReadInt32(); count > 0; count--)
                {
                    _adjustmentReferences.Add(r.ReadString(), r.ReadInt64());
                }

                return true;
            default:
                return false;
        }
    }

    public void ReadMovements(BinaryReader r)
    {
        for (var count = r.ReadInt32(); count > 0; count--)
        {
            _depositReferences.Add(r.ReadString());
        }

        UserReferences.Read(r, _withdrawalReferences);
        UserReferences.Read(r, _transferReferences);

        for (var count = r.ReadInt32(); count > 0; count--)
        {
            var withdrawal = new PendingWithdrawal(r.ReadInt64(), r.ReadInt64(), r.ReadInt32(), r.ReadInt64(), r.ReadString());
            _pendingWithdrawals.Add(withdrawal.Id, withdrawal);
        }
    }

    private readonly record struct TouchedBalance(Account Account, int AssetId, long Available, long Locked, long Staked);
}
