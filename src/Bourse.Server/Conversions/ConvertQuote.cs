using Bourse.Core.Commands;

namespace Bourse.Server.Conversions;

/// <summary>
/// A quote the user may accept until <see cref="ExpiresAt"/>: spend <see cref="Plan"/>.Spent of the from asset and
/// receive at least <see cref="Plan"/>.Received of the to asset. Its id becomes the convert's reference number.
/// </summary>
public sealed record ConvertQuote(string QuoteId, long UserId, ConvertPlan Plan, long CreatedAt, long ExpiresAt);
