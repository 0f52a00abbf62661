using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Bourse.Server.ApiKeys;

namespace Bourse.Server.Tests.UserData;

/// <summary>The listenKey flow (POST/PUT/DELETE /api/v3/userDataStream) and its stream at /ws/&lt;listenKey&gt;, on a quiet demo.</summary>
public class UserDataStreamTests
{
    private static readonly string[] ExecutionReportFields =
        ["e", "E", "s", "c", "S", "o", "f", "q", "p", "P", "F", "g", "C", "x", "X", "r", "i", "l", "z", "L", "n", "N", "T", "t", "I", "w", "m", "M", "O", "Z", "Y", "Q", "W", "V"];

    internal static Task<(IBourseServer Server, Credentials Alice, Credentials Bob)> Start(TempDirectory directory, params string[] extraArgs) =>
        Start(directory, null, extraArgs);

    internal static async Task<(IBourseServer Server, Credentials Alice, Credentials Bob)> Start(TempDirectory directory, FakeTimeProvider? time, params string[] extraArgs)
    {
        var server = await InProcessServer.StartAsync(directory.Path, time, ["--demo", "--Bourse:DemoMarketMaker=false", .. extraArgs]);
        var credentials = await BinanceClient.DemoCredentials(directory.Path);
        Credentials Of(string user)
        {
            var c = credentials.Single(c => c.User == user);
            return new Credentials(c.ApiKey, c.Secret, new BinanceClient(server.Http, c.ApiKey, c.Secret, time));
        }

        return (server, Of("alice"), Of("bob"));
    }

    internal sealed record Credentials(string ApiKey, string Secret, BinanceClient Client);

    private static async Task<(int Status, JsonElement Body)> ListenKeyRequest(IBourseServer server, HttpMethod method, string? apiKey, string parameters = "")
    {
        using var request = new HttpRequestMessage(method, "/api/v3/userDataStream" + (parameters.Length > 0 ? "?" + parameters : ""));
        if (apiKey is not null)
        {
            request.Headers.Add("X-MBX-APIKEY", apiKey);
        }

        using var response = await server.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<string> OpenListenKey(IBourseServer server, string apiKey)
    {
        var (status, body) = await ListenKeyRequest(server, HttpMethod.Post, apiKey);
        Assert.Equal(200, status);
        return body.GetProperty("listenKey").GetString()!;
    }

    /// <summary>The next frame whose event type is <paramref name="type"/>, skipping none: the stream's order is part of the contract.</summary>
    private static async Task<JsonElement> Next(JsonWebSocket socket, string type)
    {
        var frame = await socket.ReceiveAsync();
        Assert.Equal(type, frame.GetProperty("e").GetString());
        return frame;
    }

    [Fact]
    public async Task A_listen_key_is_created_returned_again_extended_and_deleted()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var _ = server;

        var (missingStatus, missing) = await ListenKeyRequest(server, HttpMethod.Post, apiKey: null);
        Assert.Equal((401, -2014), (missingStatus, missing.GetProperty("code").GetInt32()));
        var (unknownStatus, unknown) = await ListenKeyRequest(server, HttpMethod.Post, new string('x', 64));
        Assert.Equal((401, -2015), (unknownStatus, unknown.GetProperty("code").GetInt32()));

        var key = await OpenListenKey(server, alice.ApiKey);
        Assert.Matches("^[A-Za-z0-9]{60}$", key);
        Assert.Equal(key, await OpenListenKey(server, alice.ApiKey));
        var bobKey = await OpenListenKey(server, bob.ApiKey);
        Assert.NotEqual(key, bobKey);

        var (extendStatus, extended) = await ListenKeyRequest(server, HttpMethod.Put, alice.ApiKey, $"listenKey={key}");
        Assert.Equal(200, extendStatus);
        Assert.Equal("{}", extended.GetRawText());
        var (noKeyStatus, noKey) = await ListenKeyRequest(server, HttpMethod.Put, alice.ApiKey);
        Assert.Equal((400, -1102), (noKeyStatus, noKey.GetProperty("code").GetInt32()));
        var (wrongStatus, wrong) = await ListenKeyRequest(server, HttpMethod.Put, alice.ApiKey, $"listenKey={new string('A', 60)}");
        Assert.Equal((400, -1125), (wrongStatus, wrong.GetProperty("code").GetInt32()));
        Assert.Equal("This listenKey does not exist.", wrong.GetProperty("msg").GetString());
        var (othersStatus, others) = await ListenKeyRequest(server, HttpMethod.Put, alice.ApiKey, $"listenKey={bobKey}");
        Assert.Equal((400, -1125), (othersStatus, others.GetProperty("code").GetInt32()));
        var (noApiKeyStatus, noApiKey) = await ListenKeyRequest(server, HttpMethod.Delete, apiKey: null, $"listenKey={key}");
        Assert.Equal((401, -2014), (noApiKeyStatus, noApiKey.GetProperty("code").GetInt32()));

        await using var stream = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{key}");
        var (deleteStatus, deleted) = await ListenKeyRequest(server, HttpMethod.Delete, alice.ApiKey, $"listenKey={key}");
        Assert.Equal(200, deleteStatus);
        Assert.Equal("{}", deleted.GetRawText());
        Assert.Empty(await stream.ReceiveUntilClosedAsync());
        Assert.Equal((WebSocketCloseStatus.NormalClosure, "listenKey deleted"), (stream.CloseStatus, stream.CloseStatusDescription));
        var (goneStatus, gone) = await ListenKeyRequest(server, HttpMethod.Put, alice.ApiKey, $"listenKey={key}");
        Assert.Equal((400, -1125), (goneStatus, gone.GetProperty("code").GetInt32()));
        await Assert.ThrowsAsync<WebSocketException>(() => JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{key}"));
        Assert.NotEqual(key, await OpenListenKey(server, alice.ApiKey));
    }

    [Fact]
    public async Task Both_sides_of_a_trade_see_their_orders_and_balances_on_their_streams()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var _ = server;
        await using var aliceStream = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{await OpenListenKey(server, alice.ApiKey)}");
        await using var bobStream = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{await OpenListenKey(server, bob.ApiKey)}");

        var (_, sell) = await alice.Client.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=90000&newClientOrderId=alice-1", inBody: true);
        var orderId = sell.GetProperty("orderId").GetInt64();

        var placed = await Next(aliceStream, "executionReport");
        foreach (var field in ExecutionReportFields)
        {
            Assert.True(placed.TryGetProperty(field, out var present), $"executionReport lacks {field}");
        }

        Assert.Equal(("BTCUSDT", "alice-1", "SELL", "LIMIT", "GTC"), (placed.GetProperty("s").GetString(), placed.GetProperty("c").GetString(),
            placed.GetProperty("S").GetString(), placed.GetProperty("o").GetString(), placed.GetProperty("f").GetString()));
        Assert.Equal(("NEW", "NEW", orderId), (placed.GetProperty("x").GetString(), placed.GetProperty("X").GetString(), placed.GetProperty("i").GetInt64()));
        Assert.Equal(("0.50000000", "90000.00000000", "0.00000000"),
            (placed.GetProperty("q").GetString(), placed.GetProperty("p").GetString(), placed.GetProperty("z").GetString()));
        Assert.Equal(JsonValueKind.Null, placed.GetProperty("N").ValueKind);
        Assert.True(placed.GetProperty("w").GetBoolean());
        var locked = await Next(aliceStream, "outboundAccountPosition");
        var btc = Assert.Single(locked.GetProperty("B").EnumerateArray());
        Assert.Equal(("BTC", "9.50000000", "0.50000000"), (btc.GetProperty("a").GetString(), btc.GetProperty("f").GetString(), btc.GetProperty("l").GetString()));

        await bob.Client.SignedAsync(HttpMethod.Post, "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=91000", inBody: true);

        var bobNew = await Next(bobStream, "executionReport");
        Assert.Equal("NEW", bobNew.GetProperty("x").GetString());
        var bobTrade = await Next(bobStream, "executionReport");
        Assert.Equal(("TRADE", "FILLED", "BUY"), (bobTrade.GetProperty("x").GetString(), bobTrade.GetProperty("X").GetString(), bobTrade.GetProperty("S").GetString()));
        Assert.Equal(("0.50000000", "90000.00000000", "BTC"),
            (bobTrade.GetProperty("l").GetString(), bobTrade.GetProperty("L").GetString(), bobTrade.GetProperty("N").GetString()));
        Assert.False(bobTrade.GetProperty("m").GetBoolean());
        var aliceTrade = await Next(aliceStream, "executionReport");
        Assert.Equal(("TRADE", "FILLED", orderId), (aliceTrade.GetProperty("x").GetString(), aliceTrade.GetProperty("X").GetString(), aliceTrade.GetProperty("i").GetInt64()));
        Assert.True(aliceTrade.GetProperty("m").GetBoolean());
        Assert.Equal(bobTrade.GetProperty("t").GetInt64(), aliceTrade.GetProperty("t").GetInt64());

        var alicePosition = await Next(aliceStream, "outboundAccountPosition");
        var bobPosition = await Next(bobStream, "outboundAccountPosition");
        await AssertMatchesAccount(alice.Client, alicePosition);
        await AssertMatchesAccount(bob.Client, bobPosition);

        await alice.Client.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=95000&newClientOrderId=alice-2", inBody: true);
        Assert.Equal("NEW", (await Next(aliceStream, "executionReport")).GetProperty("x").GetString());
        await Next(aliceStream, "outboundAccountPosition");
        var (cancelStatus, _) = await alice.Client.SignedAsync(HttpMethod.Delete, "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=alice-2");
        Assert.Equal(200, cancelStatus);
        var canceled = await Next(aliceStream, "executionReport");
        Assert.Equal(("CANCELED", "CANCELED", "alice-2"),
            (canceled.GetProperty("x").GetString(), canceled.GetProperty("X").GetString(), canceled.GetProperty("C").GetString()));
        var unlocked = await Next(aliceStream, "outboundAccountPosition");
        await AssertMatchesAccount(alice.Client, unlocked);

        // A fill-or-kill that cannot fill never rests: Binance reports it NEW, then EXPIRED.
        var (fokStatus, _) = await alice.Client.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=1&price=50000&newClientOrderId=alice-fok", inBody: true);
        Assert.Equal(200, fokStatus);
        var fokNew = await Next(aliceStream, "executionReport");
        Assert.Equal(("NEW", "alice-fok"), (fokNew.GetProperty("x").GetString(), fokNew.GetProperty("c").GetString()));
        var fokExpired = await Next(aliceStream, "executionReport");
        Assert.Equal(("EXPIRED", "EXPIRED", "alice-fok"),
            (fokExpired.GetProperty("x").GetString(), fokExpired.GetProperty("X").GetString(), fokExpired.GetProperty("c").GetString()));
    }

    [Fact]
    public async Task An_expired_listen_key_says_so_closes_its_stream_and_is_refused_afterwards()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await Start(directory, "--Bourse:UserData:ListenKeyValidity=00:00:02", "--Bourse:UserData:ExpiryCheckInterval=00:00:00.200");
        await using var _ = server;
        var key = await OpenListenKey(server, alice.ApiKey);
        await using var stream = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{key}");

        var frames = await stream.ReceiveUntilClosedAsync(TimeSpan.FromSeconds(10));

        var expired = Assert.Single(frames);
        Assert.Equal(("listenKeyExpired", key), (expired.GetProperty("e").GetString(), expired.GetProperty("listenKey").GetString()));
        Assert.True(expired.GetProperty("E").GetInt64() > 0);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, stream.CloseStatus);
        await Assert.ThrowsAsync<WebSocketException>(() => JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{key}"));
        var (status, body) = await ListenKeyRequest(server, HttpMethod.Put, alice.ApiKey, $"listenKey={key}");
        Assert.Equal((400, -1125), (status, body.GetProperty("code").GetInt32()));
    }

    /// <summary>Every asset in the position has exactly the free and locked amounts /api/v3/account reports now.</summary>
    internal static async Task AssertMatchesAccount(BinanceClient client, JsonElement position)
    {
        var (_, account) = await client.SignedAsync(HttpMethod.Get, "/api/v3/account", "");
        var balances = account.GetProperty("balances").EnumerateArray().ToDictionary(b => b.GetProperty("asset").GetString()!);
        Assert.NotEmpty(position.GetProperty("B").EnumerateArray());
        foreach (var asset in position.GetProperty("B").EnumerateArray())
        {
            var balance = balances[asset.GetProperty("a").GetString()!];
            Assert.Equal(balance.GetProperty("free").GetString(), asset.GetProperty("f").GetString());
            Assert.Equal(balance.GetProperty("locked").GetString(), asset.GetProperty("l").GetString());
        }
    }
}
