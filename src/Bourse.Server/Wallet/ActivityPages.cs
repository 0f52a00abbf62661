using System.Globalization;
using Bourse.Server.Http;
using Bourse.Store;

namespace Bourse.Server.Wallet;

/// <summary>
/// Paging through a user's activities, newest first. The cursor is the engine sequence the previous page ended
/// before. One command can make several rows for one user (a reward run paying several assets), so a page always
/// ends at a sequence boundary: never half of one command's rows on each side of a cursor.
/// </summary>
public static class ActivityPages
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>How long a page waits for the history store to hold everything the engine published before the request.</summary>
    public static readonly TimeSpan HistoryReadWait = TimeSpan.FromSeconds(5);

    // Rows one command can make for one user, far more than any command makes; a page ends inside such a run only past it.
    private const int MaxRowsPerCommand = 10_000;

    /// <summary>'limit' (1–500, default 50) and 'cursor' of a request; the sequence to read before (null: from the newest).</summary>
    public static (int Limit, long? Before, IResult? Problem) ReadPaging(HttpContext context)
    {
        var (limitText, limitProblem) = PlatformQuery.Text(context, "limit", required: false);
        if (limitProblem is not null)
        {
            return (0, null, limitProblem);
        }

        var limit = DefaultPageSize;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return (0, null, ApiProblem.BadRequest("invalid_parameter", $"'limit' must be an integer from 1 to {MaxPageSize}.", "limit"));
        }

        var (cursorText, cursorProblem) = PlatformQuery.Text(context, "cursor", required: false);
        if (cursorProblem is not null)
        {
            return (0, null, cursorProblem);
        }

        if (cursorText is null)
        {
            return (limit, null, null);
        }

        return HistoryCursor.TryParseActivities(cursorText, out var cursor) ? (limit, cursor.Id, null) : (0, null, PlatformQuery.InvalidCursor());
    }

    /// <summary>One page of the query (its Limit is the page size) and the cursor of the next page, null on the last.</summary>
    public static async Task<(IReadOnlyList<Activity> Rows, string? NextCursor)> ReadAsync(IHistoryStore store, ActivityQuery query,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var rows = await store.ActivitiesAsync(query with { Limit = query.Limit + 1 }, cancellationToken).ConfigureAwait(false);
        if (rows.Count <= query.Limit)
        {
            return (rows, null);
        }

        var firstLeftOut = rows[query.Limit].Sequence;
        var page = rows.Take(query.Limit).Where(r => r.Sequence != firstLeftOut).ToList();
        if (page.Count == 0)
        {
            // One command made more rows than a page holds: this page is that command's rows, all of them.
            var command = await store.ActivitiesAsync(query with { Limit = MaxRowsPerCommand, BeforeSequence = firstLeftOut + 1 }, cancellationToken)
                .ConfigureAwait(false);
            page = [.. command.TakeWhile(r => r.Sequence == firstLeftOut)];
        }

        return (page, HistoryCursor.ForActivities(page[^1].Sequence));
    }

    /// <summary>A store read that failed (logged by the projection) or a store that did not catch up in time.</summary>
    public static IResult Busy(HttpContext context) => TradingProblems.Busy(context);
}
