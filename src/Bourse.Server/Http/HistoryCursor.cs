using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Bourse.Server.Http;

/// <summary>
/// The opaque <c>cursor</c> of the history endpoints: where the previous page (newest first) ended. Orders page by
/// order id; trades by (trade id, order id), because a trade between two of the user's own orders is two rows with one
/// trade id. Clients must not build cursors; the encoding (base64url of "kind.id[.id]") may change.
/// </summary>
public readonly record struct HistoryCursor(long Id, long OrderId)
{
    private const string OrdersKind = "o";
    private const string TradesKind = "t";
    private const string ActivitiesKind = "a";

    public static string ForOrders(long orderId) => Encode($"{OrdersKind}.{orderId.ToString(CultureInfo.InvariantCulture)}");

    public static string ForTrades(long tradeId, long orderId) =>
        Encode($"{TradesKind}.{tradeId.ToString(CultureInfo.InvariantCulture)}.{orderId.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Activities (converts, transfers, staking) page by the sequence of the command that made them.</summary>
    public static string ForActivities(long sequence) => Encode($"{ActivitiesKind}.{sequence.ToString(CultureInfo.InvariantCulture)}");

    public static bool TryParseActivities(string text, out HistoryCursor cursor) => TryParse(text, ActivitiesKind, 1, out cursor);

    /// <summary>An orders cursor; false for anything else (malformed, or a trades cursor).</summary>
    public static bool TryParseOrders(string text, out HistoryCursor cursor) => TryParse(text, OrdersKind, 1, out cursor);

    public static bool TryParseTrades(string text, out HistoryCursor cursor) => TryParse(text, TradesKind, 2, out cursor);

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));

    private static bool TryParse(string text, string kind, int ids, out HistoryCursor cursor)
    {
        cursor = default;
        if (text.Length is 0 or > 64)
        {
            return false;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != text.Length)
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(bytes, 0, written).Split('.');
        if (parts.Length != ids + 1 || parts[0] != kind)
        {
            return false;
        }

        var values = new long[ids];
        for (var i = 0; i < ids; i++)
        {
            if (!long.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                return false;
            }
        }

        cursor = new HistoryCursor(values[0], ids > 1 ? values[1] : values[0]);
        return true;
    }
}
