using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Server.Tests.Limits;

public class RateLimitTests
{
    [Fact]
    public async Task Every_response_reports_the_used_weight_and_going_over_the_limit_gets_429_with_retry_after()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:RequestWeightPerMinute=60");

        var first = await server.Http.GetAsync("/api/v3/ping");
        var depth = await server.Http.GetAsync("/api/v3/depth?symbol=BTCUSDT&limit=100");
        Assert.Equal("1", first.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
        // 1 for ping + 5 for depth at limit 100; 5 alone if a new minute began between the two.
        Assert.Contains(depth.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), new[] { "6", "5" });

        // exchangeInfo weighs 20: the third one in the same minute passes 60 (eight tries ride out a minute boundary).
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 8 && refused is null; i++)
        {
            var response = await server.Http.GetAsync("/api/v3/exchangeInfo");
            if ((int)response.StatusCode == 429)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal(-1003, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task New_orders_report_their_counts_and_going_over_the_ten_second_limit_gets_minus_1015_and_changes_nothing()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:OrdersPer10Seconds=3");
        var alice = (await BinanceClient.DemoCredentials(directory.Path)).Single(c => c.User == "alice");
        var client = new BinanceClient(server.Http, alice.ApiKey, alice.Secret);
        const string order = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.001&price=200000";

        // Three orders fit in a ten-second window; the fourth is refused unless a window boundary fell between them,
        // so keep placing until one is refused (at most two windows' worth).
        var counts = new List<int>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 7 && refused is null; i++)
        {
            var response = await client.SendSignedAsync(HttpMethod.Post, "/api/v3/order", order, inBody: true);
            if ((int)response.StatusCode == 429)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(200, (int)response.StatusCode);
                counts.Add(int.Parse(response.Headers.GetValues("X-MBX-ORDER-COUNT-10S").Single(), System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(response.Headers.Contains("X-MBX-ORDER-COUNT-1D"));
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(3, counts[^1]);
        Assert.Equal(-1015, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 10);
        var (_, open) = await client.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "symbol=BTCUSDT");
        Assert.Equal(counts.Count, open.GetArrayLength());
    }
}
