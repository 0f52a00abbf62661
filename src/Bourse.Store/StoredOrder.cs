using Bourse.Core.Events;

namespace Bourse.Store;

/// <summary>
/// An order as the store last saw it: <see cref="State"/> is shaped like the order event that produced it (status,
/// quantities, times), so API code formats it exactly as it formats live events.
/// </summary>
public sealed record StoredOrder(Event State, long UpdateTime)
{
    public long OrderId => State.OrderId;
}
