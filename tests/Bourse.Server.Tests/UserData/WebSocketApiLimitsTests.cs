using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace Bourse.Server.Tests.UserData;

/// <summary>
/// /ws-api/v3 spends the same per-IP request weight as REST: connecting weighs 2, each request its Binance weight;
/// over the limit requests get 429 (-1003) frames with <c>retryAfter</c>, an IP that keeps going is banned (418, the
/// connection closed, REST refused too) until the ban ends. The server's clock is a fake one, so the minute and the
/// ban end only when the test moves it.
/// </summary>
public class WebSocketApiLimitsTests
{
    private const int Limit = 30;

    private static FakeTimeProvider StartOfAMinute()
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddSeconds(5));
    }

    private static int UsedWeight(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), CultureInfo.InvariantCulture);

    private static async Task<int> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32();

    [Fact]
    public async Task A_flooding_connection_gets_429s_after_the_ip_budget_then_a_ban_that_closes_it_and_stops_rest_too()
    {
        using var directory = new TempDirectory();
        var time = StartOfAMinute();
        await using var server = await InProcessServer.StartAsync(directory.Path, time, $"--Bourse:RequestWeightPerMinute={Limit}");

        using (var first = await server.Http.GetAsync("/api/v3/ping"))
        {
            Assert.Equal(1, UsedWeight(first));
        }

        await using var socket = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3");

        // The connection weighed 2: pings take the minute from 4 to the limit.
        for (var used = 4; used <= Limit; used++)
        {
            await socket.SendAsync($$"""{"id":{{used}},"method":"ping"}""");
            var reply = await socket.ReceiveAsync();
            Assert.Equal((used, 200), (reply.GetProperty("id").GetInt32(), reply.GetProperty("status").GetInt32()));
            var weight = Assert.Single(reply.GetProperty("rateLimits").EnumerateArray());
            Assert.Equal(("REQUEST_WEIGHT", "MINUTE", 1, Limit, used), (weight.GetProperty("rateLimitType").GetString(), weight.GetProperty("interval").GetString(),
                weight.GetProperty("intervalNum").GetInt32(), weight.GetProperty("limit").GetInt32(), weight.GetProperty("count").GetInt32()));
        }

        await socket.SendAsync("""{"id":"over","method":"ping"}""");
        var refused = await socket.ReceiveAsync();
        Assert.Equal(("over", 429), (refused.GetProperty("id").GetString(), refused.GetProperty("status").GetInt32()));
        var error = refused.GetProperty("error");
        Assert.Equal(-1003, error.GetProperty("code").GetInt32());
        Assert.StartsWith("Too much request weight used", error.GetProperty("msg").GetString(), StringComparison.Ordinal);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(now, error.GetProperty("data").GetProperty("serverTime").GetInt64());
        Assert.Equal((now / 60_000 + 1) * 60_000, error.GetProperty("data").GetProperty("retryAfter").GetInt64());
        Assert.Equal(Limit + 1, refused.GetProperty("rateLimits")[0].GetProperty("count").GetInt32());

        // The budget is the IP's: REST from the same address is over it too.
        using (var rest = await server.Http.GetAsync("/api/v3/ping"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, rest.StatusCode);
            Assert.Equal((Limit + 2, -1003), (UsedWeight(rest), await CodeOf(rest)));
        }

        // Going on past twice the limit is a ban: one 418 frame, then the server closes the connection.
        for (var used = Limit + 3; used <= 2 * Limit + 1; used++)
        {
            await socket.SendAsync($$"""{"id":{{used}},"method":"ping"}""");
        }

        var frames = await socket.ReceiveUntilClosedAsync();
        Assert.All(frames[..^1], f => Assert.Equal(429, f.GetProperty("status").GetInt32()));
        var banned = frames[^1];
        Assert.Equal((2 * Limit + 1, 418, -1003), (banned.GetProperty("id").GetInt32(), banned.GetProperty("status").GetInt32(),
            banned.GetProperty("error").GetProperty("code").GetInt32()));
        var bannedUntil = banned.GetProperty("error").GetProperty("data").GetProperty("retryAfter").GetInt64();
        Assert.Equal(now + (long)TimeSpan.FromMinutes(2).TotalMilliseconds, bannedUntil);
        Assert.Contains($"IP banned until {bannedUntil}", banned.GetProperty("error").GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);

        using (var rest = await server.Http.GetAsync("/api/v3/ping"))
        {
            Assert.Equal((HttpStatusCode)418, rest.StatusCode);
            Assert.Equal(-1003, await CodeOf(rest));
            Assert.Equal("120", rest.Headers.GetValues("Retry-After").Single());
        }

        // A banned IP cannot open another connection either.
        using var attempt = new ClientWebSocket();
        attempt.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAnyAsync<WebSocketException>(() => attempt.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws-api/v3"), CancellationToken.None));
        Assert.Equal((HttpStatusCode)418, attempt.HttpStatusCode);

        time.Advance(TimeSpan.FromMinutes(2));
        using (var after = await server.Http.GetAsync("/api/v3/ping"))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
    }

    [Fact]
    public async Task Connection_attempts_and_each_methods_binance_weight_count_against_the_ip_budget()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, StartOfAMinute());

        await using var first = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3");
        await using var second = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3");
        using (var rest = await server.Http.GetAsync("/api/v3/ping"))
        {
            Assert.Equal(2 + 2 + 1, UsedWeight(rest));
        }

        await first.SendAsync("""{"id":1,"method":"time"}""");
        Assert.Equal(6, (await first.ReceiveAsync()).GetProperty("rateLimits")[0].GetProperty("count").GetInt32());
        await second.SendAsync("""{"id":2,"method":"userDataStream.unsubscribe"}""");
        Assert.Equal(8, (await second.ReceiveAsync()).GetProperty("rateLimits")[0].GetProperty("count").GetInt32());

        // Frames that are no request still weigh.
        await first.SendAsync("not json");
        var garbage = await first.ReceiveAsync();
        Assert.Equal((400, 9), (garbage.GetProperty("status").GetInt32(), garbage.GetProperty("rateLimits")[0].GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Rate_limits_are_left_out_when_the_connection_or_the_request_asks()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, StartOfAMinute());
        await using var quiet = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3?returnRateLimits=false");
        await using var chatty = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3");

        await quiet.SendAsync("""{"id":1,"method":"ping"}""");
        Assert.Equal("""{"id":1,"status":200,"result":{}}""", (await quiet.ReceiveAsync()).GetRawText());
        await quiet.SendAsync("""{"id":2,"method":"ping","params":{"returnRateLimits":true}}""");
        Assert.True((await quiet.ReceiveAsync()).TryGetProperty("rateLimits", out _));
        await chatty.SendAsync("""{"id":3,"method":"ping","params":{"returnRateLimits":false}}""");
        Assert.Equal("""{"id":3,"status":200,"result":{}}""", (await chatty.ReceiveAsync()).GetRawText());

        await chatty.SendAsync("""{"id":4,"method":"ping","params":{"returnRateLimits":"sometimes"}}""");
        var bad = await chatty.ReceiveAsync();
        Assert.Equal((400, -1100), (bad.GetProperty("status").GetInt32(), bad.GetProperty("error").GetProperty("code").GetInt32()));
    }
}
