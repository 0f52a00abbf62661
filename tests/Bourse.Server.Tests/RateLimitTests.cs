using System.Net.Http.Json;
using System.Text.Json;

namespace Bourse.Server.Tests;

public class RateLimitTests
{
    [Fact]
    public async Task Every_response_reports_the_used_weight_and_going_over_the_limit_gets_429_with_retry_after()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
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
}
