using System.Collections.Concurrent;

namespace Bourse.Faults.Tests.Drills;

/// <summary>
/// What the drill's clients tried and what the server acknowledged, by the client's own keys (newClientOrderId,
/// clientReference, quote id). Acknowledged means the client holds an answer saying it happened, either the answer to
/// the request or, after a lost one, the answer to asking about it.
/// </summary>
public sealed class Ledger
{
    private readonly ConcurrentDictionary<(string User, string ClientOrderId), byte> _attemptedOrders = new();
    private readonly ConcurrentDictionary<(string User, string ClientOrderId), long> _orders = new();
    private readonly ConcurrentDictionary<(string User, string ClientOrderId), byte> _cancels = new();
    private readonly ConcurrentDictionary<(string User, string Kind, string Reference), byte> _attemptedMoves = new();
    private readonly ConcurrentDictionary<(string User, string Kind, string Reference), byte> _moves = new();
    private long _acknowledged;

    /// <summary>Operations acknowledged so far, of every kind.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public IReadOnlyDictionary<(string User, string ClientOrderId), long> Orders => _orders;

    public IEnumerable<(string User, string ClientOrderId)> AttemptedOrders => _attemptedOrders.Keys;

    public IEnumerable<(string User, string ClientOrderId)> Cancels => _cancels.Keys;

    public IEnumerable<(string User, string Kind, string Reference)> Moves => _moves.Keys;

    public IEnumerable<(string User, string Kind, string Reference)> AttemptedMoves => _attemptedMoves.Keys;

    public int Count(string kind) => kind == "order" ? _orders.Count : kind == "cancel" ? _cancels.Count : _moves.Keys.Count(m => m.Kind == kind);

    public void TryOrder(string user, string clientOrderId) => _attemptedOrders[(user, clientOrderId)] = 0;

    public void Order(string user, string clientOrderId, long orderId)
    {
        _orders[(user, clientOrderId)] = orderId;
        Interlocked.Increment(ref _acknowledged);
    }

    public void Cancel(string user, string clientOrderId)
    {
        _cancels[(user, clientOrderId)] = 0;
        Interlocked.Increment(ref _acknowledged);
    }

    public void TryMove(string user, string kind, string reference) => _attemptedMoves[(user, kind, reference)] = 0;

    public void Move(string user, string kind, string reference)
    {
        _moves[(user, kind, reference)] = 0;
        Interlocked.Increment(ref _acknowledged);
    }
}
