namespace Bourse.Trading;

/// <summary>Cancel one of the user's open orders.</summary>
public sealed record CancelOrderIntent(long UserId, string Symbol, OrderTarget Target);
