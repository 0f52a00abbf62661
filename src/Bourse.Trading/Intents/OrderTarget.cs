namespace Bourse.Trading;

/// <summary>Which order a cancel or query names: by id, or by the client's id (one of them is required).</summary>
public readonly record struct OrderTarget(long? OrderId, string? ClientOrderId);
