namespace Bourse.Trading;

/// <summary>Look up one of the user's orders.</summary>
public sealed record QueryOrderIntent(string Symbol, OrderTarget Target);
