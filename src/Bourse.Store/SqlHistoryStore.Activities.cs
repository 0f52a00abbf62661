using System.Data.Common;
using System.Globalization;
using Bourse.Core.Events;

namespace Bourse.Store;

// Activities: deposits, withdrawals, transfers, converts, staking and operator adjustments, one row per user they concern.
public sealed partial class SqlHistoryStore
{
    internal const string ActivityColumns = """
        sequence, event_index, user_id, kind, asset_id, amount, to_asset_id, to_amount, fee, counterparty_id, reference,
        reference_id, period, release_at, time
        """;

    private const string InsertActivity = $"""
        INSERT INTO activities ({ActivityColumns})
        VALUES (@sequence, @event_index, @user_id, @kind, @asset_id, @amount, @to_asset_id, @to_amount, @fee,
            @counterparty_id, @reference, @reference_id, @period, @release_at, @time)
        ON CONFLICT (sequence, event_index, user_id) DO NOTHING
        """;

    public async Task<IReadOnlyList<Activity>> ActivitiesAsync(ActivityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Kinds are enum values, so listing them inline is safe and keeps the statement one text per shape.
        var kinds = query.Kinds.Count == 0 ? "" : $"AND kind IN ({string.Join(',', query.Kinds.Select(k => ((int)k).ToString(CultureInfo.InvariantCulture)))})";
        var asset = query.AssetId is null ? "" : "AND (asset_id = @asset_id OR to_asset_id = @asset_id)";
        var sql = $"""
            SELECT {ActivityColumns} FROM activities
            WHERE user_id = @user_id AND sequence < @before {kinds} {asset}
            ORDER BY sequence DESC, event_index DESC LIMIT @limit
            """;
        return await QueryAsync(sql, select => select.Set("@user_id", query.UserId).Set("@before", query.BeforeSequence ?? long.MaxValue)
            .Set("@limit", query.Limit).Set("@asset_id", query.AssetId ?? 0), ReadActivity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Activity?> FindActivityAsync(long userId, ActivityKind kind, string reference, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT {ActivityColumns} FROM activities
            WHERE user_id = @user_id AND reference = @reference AND kind = @kind
            ORDER BY sequence DESC LIMIT 1
            """;
        var found = await QueryAsync(sql, select => select.Set("@user_id", userId).Set("@reference", reference).Set("@kind", (int)kind), ReadActivity,
            cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>One row of <c>activities</c> selected as <see cref="ActivityColumns"/>.</summary>
    internal static Activity ReadActivity(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), (ActivityKind)r.GetInt32(3), r.GetInt32(4), r.GetInt64(5), r.GetInt32(6), r.GetInt64(7),
            r.GetInt64(8), r.GetInt64(9), r.IsDBNull(10) ? null : r.GetString(10), r.GetInt64(11), r.GetInt64(12), r.GetInt64(13), r.GetInt64(14));

    /// <summary>The event's row for the user it names; a transfer also gets the recipient's row.</summary>
    private static void WriteActivities(SqlStatement activity, in Event e)
    {
        var kind = ActivityEvents.KindOf(e.Type)!.Value;
        WriteActivity(activity, in e, e.UserId, kind, kind == ActivityKind.TransferOut ? e.CounterUserId : 0);
        if (kind == ActivityKind.TransferOut)
        {
            WriteActivity(activity, in e, e.CounterUserId, ActivityKind.TransferIn, e.UserId);
        }
    }

    private static void WriteActivity(SqlStatement activity, in Event e, long userId, ActivityKind kind, long counterpartyId) =>
        activity.Set("@sequence", e.Sequence).Set("@event_index", e.Index).Set("@user_id", userId).Set("@kind", (int)kind)
            .Set("@asset_id", e.AssetId).Set("@amount", e.Amount).Set("@to_asset_id", e.ToAssetId).Set("@to_amount", e.ToAmount)
            .Set("@fee", e.Commission).Set("@counterparty_id", counterpartyId).Set("@reference", e.Reference)
            .Set("@reference_id", e.ReferenceId).Set("@period", e.Period).Set("@release_at", e.ReleaseAt).Set("@time", e.Timestamp)
            .Execute();
}
