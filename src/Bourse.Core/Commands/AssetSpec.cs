namespace Bourse.Core.Commands;

/// <summary>An asset's reference data: <paramref name="Scale"/> is the number of decimal places of its smallest unit.</summary>
public sealed record AssetSpec(int Id, string Code, int Scale);
