using Bourse.Core.Commands;
using Bourse.Core.Events;
using Bourse.Core.Model;

namespace Bourse.Core;

/// <summary>
/// The command being applied, as every component of the core sees it: its sequence and timestamp (the only clock the
/// core has) and the buffer its events go to, numbered in the order they are emitted. <see cref="ExchangeCore"/> opens
/// it for exactly one command at a time; components hold it from construction, so nothing is passed per call.
/// </summary>
internal sealed class CommandScope
{
    private EventBuffer _events = null!;
    private int _eventIndex;

    /// <summary>The command's log sequence: ids the core assigns (orders, withdrawals, transfers) are derived from it.</summary>
    public long Sequence { get; private set; }

    /// <summary>The sequencer's Unix ms for the command: expiry, stop working times and staking periods use it.</summary>
    public long Timestamp { get; private set; }

    public void Open(in Command command, EventBuffer events)
    {
        _events = events;
        Sequence = command.Sequence;
        Timestamp = command.Timestamp;
        _eventIndex = 0;
    }

    public void Close() => _events = null!;

    public ref Event Emit(EventType type) => ref _events.Add(type, Sequence, Timestamp, ref _eventIndex);

    /// <summary>The event emitted last, to add what its emitter did not know.</summary>
    public ref Event LastEvent() => ref _events.LastMutable();

    /// <summary>Refuses the command: one rejection event, and the handler must change nothing else.</summary>
    public void Reject(in Command command, RejectReason reason, long referenceId = 0)
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
}
