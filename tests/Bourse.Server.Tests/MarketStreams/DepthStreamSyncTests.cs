using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace Bourse.Server.Tests.MarketStreams;

/// <summary>
/// A client following Binance's documented order-book sync (buffer <c>@depth@100ms</c>, fetch REST depth, drop
/// <c>u &lt;= lastUpdateId</c>, first kept has <c>U &lt;= lastUpdateId+1 &lt;= u</c>, then <c>U</c> = previous
/// <c>u</c> + 1) keeps a local book equal to every later REST snapshot while the market maker churns the book.
/// </summary>
public class DepthStreamSyncTests
{
    [Theory]
    [InlineData("BTCUSDT")]
    [InlineData("ETHBTC")]
    public async Task A_local_book_built_from_the_diff_stream_matches_later_rest_snapshots(string symbol)
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo");
        await using var client = await StreamClient.ConnectAsync(server, $"/ws/{symbol.ToLowerInvariant()}@depth@100ms");
        var events = Channel.CreateUnbounded<JsonElement>();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await events.Writer.WriteAsync(await client.ReceiveAsync(TimeSpan.FromSeconds(30)));
            }
        });

        await Task.Delay(500);
        var snapshot = await Depth(server, symbol);
        var lastUpdateId = snapshot.GetProperty("lastUpdateId").GetInt64();
        var bids = Levels(snapshot.GetProperty("bids"));
        var asks = Levels(snapshot.GetProperty("asks"));

        // Drop what the snapshot already holds; the first kept event straddles it (python-binance: starts right after it).
        JsonElement first;
        do
        {
            first = await events.Reader.ReadAsync();
        }
        while (first.GetProperty("u").GetInt64() <= lastUpdateId);

        Assert.Equal(lastUpdateId + 1, first.GetProperty("U").GetInt64());
        var applied = Apply(first, bids, asks);

        var compared = 0;
        while (compared < 8)
        {
            await Task.Delay(300);
            var later = await Depth(server, symbol);
            var laterId = later.GetProperty("lastUpdateId").GetInt64();
            while (applied < laterId)
            {
                var next = await events.Reader.ReadAsync();
                Assert.Equal(applied + 1, next.GetProperty("U").GetInt64());
                applied = Apply(next, bids, asks);
            }

            // Every REST snapshot falls on a diff boundary, so the stream reaches its id exactly.
            Assert.Equal(laterId, applied);
            Assert.Equal(Levels(later.GetProperty("bids")), bids);
            Assert.Equal(Levels(later.GetProperty("asks")), asks);
            if (bids.Count > 0 && asks.Count > 0)
            {
                compared++;
            }
        }

        await stop.CancelAsync();
    }

    private static async Task<JsonElement> Depth(IBourseServer server, string symbol) =>
        await BinanceClient.PublicAsync(server.Http, $"/api/v3/depth?symbol={symbol}&limit=1000");

    private static long Apply(JsonElement update, SortedDictionary<decimal, decimal> bids, SortedDictionary<decimal, decimal> asks)
    {
        Merge(update.GetProperty("b"), bids);
        Merge(update.GetProperty("a"), asks);
        return update.GetProperty("u").GetInt64();
    }

    private static void Merge(JsonElement levels, SortedDictionary<decimal, decimal> book)
    {
        foreach (var level in levels.EnumerateArray())
        {
            var price = decimal.Parse(level[0].GetString()!, CultureInfo.InvariantCulture);
            var quantity = decimal.Parse(level[1].GetString()!, CultureInfo.InvariantCulture);
            if (quantity == 0)
            {
                book.Remove(price);
            }
            else
            {
                book[price] = quantity;
            }
        }
    }

    private static SortedDictionary<decimal, decimal> Levels(JsonElement levels)
    {
        var book = new SortedDictionary<decimal, decimal>();
        Merge(levels, book);
        return book;
    }
}
