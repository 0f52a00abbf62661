using Bourse.Core.Events;

namespace Bourse.Server.Views;

/// <summary>An order as the API reports it: the last order event's state, plus when it last changed.</summary>
public sealed record OrderView(Event State, long UpdateTime)
{
    public long OrderId => State.OrderId;

    public bool IsOpen => State.Status is Core.Model.OrderStatus.New or Core.Model.OrderStatus.PartiallyFilled or Core.Model.OrderStatus.PendingTrigger;
}
