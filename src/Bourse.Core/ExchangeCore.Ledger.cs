using Bourse.Core.Accounts;
using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Core;

// Deposits, withdrawals and transfers: the only ways value enters, leaves or moves between users outside trading.
public sealed partial class ExchangeCore
{
    private readonly HashSet<string> _depositReferences = new(StringComparer.Ordinal);
    private readonly Dictionary<UserReference, long> _withdrawalReferences = [];
    private readonly Dictionary<long, PendingWithdrawal> _pendingWithdrawals = [];
    private readonly Dictionary<UserReference, long> _transferReferences = [];

    public IEnumerable<PendingWithdrawal> PendingWithdrawals => _pendingWithdrawals.Values.OrderBy(w => w.Id);

    public PendingWithdrawal? GetPendingWithdrawal(long withdrawalId) => _pendingWithdrawals.GetValueOrDefault(withdrawalId);

    /// <summary>Credits a deposit once per external reference (e.g. chain transaction and output), so retries are harmless.</summary>
    private void Deposit(in Command command)
    {
        if (!IsValidLedgerCommand(in command))
        {
            return;
        }

        if (_depositReferences.Contains(command.Reference!))
        {
            Reject(in command, RejectReason.DuplicateReference);
            return;
        }

        if (!Arithmetic.TryAdd(_supply[command.AssetId], command.Amount, out var supply))
        {
            Reject(in command, RejectReason.Overflow);
            return;
        }

        _depositReferences.Add(command.Reference!);
        _supply[command.AssetId] = supply;
        Touch(GetOrCreateAccount(command.UserId), command.AssetId).Available += command.Amount;
        ref var e = ref Emit(EventType.DepositCredited);
        e.UserId = command.UserId;
        e.AssetId = command.AssetId;
        e.Amount = command.Amount;
        e.Reference = command.Reference;
    }

    /// <summary>Locks funds for a withdrawal; its id is the command's sequence. One withdrawal per user reference.</summary>
    private void ReserveWithdrawal(in Command command)
    {
        if (!IsValidLedgerCommand(in command))
        {
            return;
        }

        var key = new UserReference(command.UserId, command.Reference!);
        if (_withdrawalReferences.TryGetValue(key, out var existingId))
        {
            Reject(in command, RejectReason.DuplicateReference, existingId);
            return;
        }

        var account = GetAccount(command.UserId);
        if (account is null || account.GetBalance(command.AssetId).Available < command.Amount)
        {
            Reject(in command, RejectReason.InsufficientBalance);
            return;
        }

        ref var balance = ref Touch(account, command.AssetId);
        balance.Available -= command.Amount;
        balance.Locked += command.Amount;
        var withdrawal = new PendingWithdrawal(command.Sequence, command.UserId, command.AssetId, command.Amount, command.Reference!);
        _pendingWithdrawals.Add(withdrawal.Id, withdrawal);
        _withdrawalReferences.Add(key, withdrawal.Id);
        EmitWithdrawal(EventType.WithdrawalReserved, withdrawal);
    }

    /// <summary>The chain side sent the funds: they leave the exchange.</summary>
    private void CompleteWithdrawal(in Command command)
    {
        if (!_pendingWithdrawals.Remove(command.WithdrawalId, out var withdrawal))
        {
            Reject(in command, RejectReason.UnknownWithdrawal);
            return;
        }

        Touch(_accounts.Find(withdrawal.UserId)!, withdrawal.AssetId).Locked -= withdrawal.Amount;
        _supply[withdrawal.AssetId] -= withdrawal.Amount;
        EmitWithdrawal(EventType.WithdrawalCompleted, withdrawal);
    }

    /// <summary>The withdrawal was refused or failed: the funds return to the user.</summary>
    private void CancelWithdrawal(in Command command)
    {
        if (!_pendingWithdrawals.Remove(command.WithdrawalId, out var withdrawal))
        {
            Reject(in command, RejectReason.UnknownWithdrawal);
            return;
        }

        ref var balance = ref Touch(_accounts.Find(withdrawal.UserId)!, withdrawal.AssetId);
        balance.Locked -= withdrawal.Amount;
        balance.Available += withdrawal.Amount;
        EmitWithdrawal(EventType.WithdrawalCanceled, withdrawal);
    }

    private void EmitWithdrawal(EventType type, PendingWithdrawal withdrawal)
    {
        ref var e = ref Emit(type);
        e.UserId = withdrawal.UserId;
        e.AssetId = withdrawal.AssetId;
        e.Amount = withdrawal.Amount;
        e.ReferenceId = withdrawal.Id;
        e.Reference = withdrawal.Reference;
    }

    /// <summary>Moves available funds between two users; idempotent per sender and reference.</summary>
    private void Transfer(in Command command)
    {
        if (!IsValidLedgerCommand(in command))
        {
            return;
        }

        // Users send to users: not to system accounts (negative ids), not to nobody.
        if (command.RecipientUserId <= 0)
        {
            Reject(in command, RejectReason.InvalidUser);
            return;
        }

        if (command.RecipientUserId == command.UserId)
        {
            Reject(in command, RejectReason.SelfTransfer);
            return;
        }

        var key = new UserReference(command.UserId, command.Reference!);
        if (_transferReferences.TryGetValue(key, out var existingId))
        {
            Reject(in command, RejectReason.DuplicateReference, existingId);
            return;
        }

        var sender = GetAccount(command.UserId);
        if (sender is null || sender.GetBalance(command.AssetId).Available < command.Amount)
        {
            Reject(in command, RejectReason.InsufficientBalance);
            return;
        }

        _transferReferences.Add(key, command.Sequence);
        Touch(sender, command.AssetId).Available -= command.Amount;
        Touch(GetOrCreateAccount(command.RecipientUserId), command.AssetId).Available += command.Amount;
        ref var e = ref Emit(EventType.TransferCompleted);
        e.UserId = command.UserId;
        e.CounterUserId = command.RecipientUserId;
        e.AssetId = command.AssetId;
        e.Amount = command.Amount;
        e.ReferenceId = command.Sequence;
        e.Reference = command.Reference;
    }

    private bool IsValidLedgerCommand(in Command command)
    {
        if (command.UserId == 0)
        {
            Reject(in command, RejectReason.InvalidUser);
            return false;
        }

        if (GetAsset(command.AssetId) is null)
        {
            Reject(in command, RejectReason.UnknownAsset);
            return false;
        }

        if (command.Amount <= 0)
        {
            Reject(in command, RejectReason.InvalidAmount);
            return false;
        }

        if (string.IsNullOrEmpty(command.Reference) || command.Reference.Length > 128)
        {
            Reject(in command, RejectReason.MissingReference);
            return false;
        }

        return true;
    }

    private readonly record struct UserReference(long UserId, string Reference);
}
