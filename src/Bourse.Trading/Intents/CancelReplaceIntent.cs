namespace Bourse.Trading;

/// <summary>
/// Cancel an order and place <see cref="NewOrder"/> in the same market, as one command. With
/// <see cref="AllowFailure"/> the new order is placed even when the cancel fails.
/// </summary>
public sealed record CancelReplaceIntent(OrderTarget Cancel, OrderIntent NewOrder, bool AllowFailure);
