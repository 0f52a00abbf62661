using Bourse.Core.Events;
using Bourse.Server.Http;
using Bourse.Server.Wallet;
using Bourse.Store;

namespace Bourse.Server.Tests.Wallet;

/// <summary>
/// Wallet-history pages over a real SQLite history store: one command can make several rows for one user (a reward
/// run over several assets), and a page boundary never falls between them.
/// </summary>
public sealed class ActivityPagesTests : IDisposable
{
    private const long User = 7;
    private readonly TempDirectory _directory = new();
    private readonly IHistoryStore _store;

    public ActivityPagesTests()
    {
        _store = HistoryStores.Open(HistoryStores.Sqlite, $"Data Source={Path.Combine(_directory.Path, "history.db")}", _directory.Path);
        _store.EnsureSchema();
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    /// <summary>Commands 1..n, command s paying the user rewards in <paramref name="assetsPerCommand"/>[s-1] assets.</summary>
    private void Write(params int[] assetsPerCommand)
    {
        var events = new List<Event>();
        for (var sequence = 1; sequence <= assetsPerCommand.Length; sequence++)
        {
            for (var asset = 1; asset <= assetsPerCommand[sequence - 1]; asset++)
            {
                events.Add(new Event
                {
                    Type = EventType.StakingRewardPaid,
                    Sequence = sequence,
                    Index = asset - 1,
                    Timestamp = 1_000 * sequence,
                    UserId = User,
                    AssetId = asset,
                    Amount = 10 * sequence + asset,
                    Period = sequence,
                });
            }
        }

        _store.Apply(events, assetsPerCommand.Length);
    }

    private async Task<List<List<(long Sequence, int Asset)>>> AllPagesAsync(int limit, params ActivityKind[] kinds)
    {
        var pages = new List<List<(long, int)>>();
        long? before = null;
        for (var guard = 0; guard < 100; guard++)
        {
            var (rows, next) = await ActivityPages.ReadAsync(_store, new ActivityQuery(User, limit) { BeforeSequence = before, Kinds = kinds }, CancellationToken.None);
            pages.Add([.. rows.Select(r => (r.Sequence, r.AssetId))]);
            if (next is null)
            {
                return pages;
            }

            Assert.True(HistoryCursor.TryParseActivities(next, out var cursor));
            before = cursor.Id;
        }

        throw new Xunit.Sdk.XunitException("Paging did not end.");
    }

    [Fact]
    public async Task Pages_end_between_commands_and_cover_every_row_once()
    {
        Write(3, 1, 3, 1, 1, 1);
        var pages = await AllPagesAsync(2);

        Assert.All(pages.Where(p => p.Count > 0), page => Assert.InRange(page.Count, 1, 3));
        var seen = pages.SelectMany(p => p).ToList();
        Assert.Equal(10, seen.Count);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.OrderByDescending(r => r.Sequence).ThenByDescending(r => r.Asset), seen);
        foreach (var sequence in seen.Select(r => r.Sequence).Distinct())
        {
            Assert.Single(pages, page => page.Any(r => r.Sequence == sequence));
        }

        // A page only holds more rows than asked when one command made more than that: the three-asset runs.
        Assert.All(pages.Where(p => p.Count > 2), page => Assert.Single(page.Select(r => r.Sequence).Distinct()));
    }

    [Fact]
    public async Task A_page_size_at_least_every_command_pages_exactly_by_the_limit()
    {
        Write(1, 1, 1, 1, 1);
        var pages = await AllPagesAsync(2);
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal([5L, 4, 3, 2, 1], pages.SelectMany(p => p).Select(r => r.Sequence));
        Assert.Empty((await AllPagesAsync(2, ActivityKind.Deposit)).SelectMany(p => p));
    }
}
