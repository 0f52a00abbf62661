using System.Text.Json.Serialization;

namespace Bourse.Server.Conversions;

// Bodies of /api/v1/convert. Amounts and rates are decimal strings.

/// <summary>POST /api/v1/convert/quotes: how much of <c>from</c> to spend, or how much of <c>to</c> to receive (one of the two).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConvertQuoteRequest(string? From, string? To, string? FromAmount, string? ToAmount);

/// <summary>
/// A quote: accepting it before <see cref="ExpiresAt"/> spends <see cref="FromAmount"/> and receives at least
/// <see cref="ToAmount"/> (fees already taken). <see cref="Fee"/> is what the trading fees cost, in the to asset.
/// </summary>
public sealed record ConvertQuoteResponse(
    string QuoteId,
    string From,
    string To,
    string FromAmount,
    string ToAmount,
    string Rate,
    string InverseRate,
    string Fee,
    string FeeAsset,
    IReadOnlyList<string> Route,
    long ExpiresAt,
    long ValidForMs);

/// <summary>A completed convert; <see cref="Reference"/> is the id of the quote it executed.</summary>
public sealed record ConvertResult(
    string Reference,
    string Status,
    string From,
    string To,
    string FromAmount,
    string ToAmount,
    string Rate,
    string Fee,
    string FeeAsset,
    long Time);

public sealed record ConvertPage(IReadOnlyList<ConvertResult> Converts, string? NextCursor);
