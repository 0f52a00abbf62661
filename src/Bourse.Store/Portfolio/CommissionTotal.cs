namespace Bourse.Store.Portfolio;

/// <summary>The trading commissions a user paid in one asset (smallest unit) over <see cref="Fills"/> fills.</summary>
public sealed record CommissionTotal(int AssetId, long Amount, long Fills);
