namespace Bourse.Trading;

/// <summary>Cancel every open order of the user in one market.</summary>
public sealed record CancelAllIntent(long UserId, string Symbol);
