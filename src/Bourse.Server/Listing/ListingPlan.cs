using System.Text.Json.Serialization;
using Bourse.Core.Commands;

namespace Bourse.Server.Listing;

/// <summary>
/// One difference between a document and the exchange: <c>kind</c> asset, market or feeTier; <c>action</c> create,
/// update or status; the entry as it is (<c>before</c>, null for a create) and as it will be (<c>after</c>).
/// </summary>
public sealed record ListingChange(string Kind, string Target, string Action, object? Before, object? After);

/// <summary>Why one entry of a document cannot be applied; <c>entry</c> names it, e.g. <c>markets[1] (BTCUSDT)</c>.</summary>
public sealed record ListingError(string Entry, string Detail);

/// <summary>What applying a document changes, and the engine commands that do it, in order (assets, markets, fee tiers).</summary>
public sealed record ListingPlan(IReadOnlyList<ListingChange> Changes, int Unchanged)
{
    [JsonIgnore]
    public IReadOnlyList<Command> Commands { get; init; } = [];
}
