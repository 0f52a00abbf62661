using System.Net.WebSockets;
using System.Text.Json;

namespace Bourse.Server.Tests.MarketStreams;

/// <summary>Binance's public market streams (/ws, /stream) against the real server, with a quiet demo (no market maker).</summary>
public class MarketStreamTests
{
    private static Task<(IBourseServer Server, BinanceClient Alice, BinanceClient Bob)> Start(TempDirectory directory, params string[] extra) =>
        Start(directory, null, extra);

    private static async Task<(IBourseServer Server, BinanceClient Alice, BinanceClient Bob)> Start(TempDirectory directory, FakeTimeProvider? time, params string[] extra)
    {
        var server = await InProcessServer.StartAsync(directory.Path, time, ["--demo", "--Bourse:DemoMarketMaker=false", .. extra]);
        var credentials = await BinanceClient.DemoCredentials(directory.Path);
        var alice = credentials.Single(c => c.User == "alice");
        var bob = credentials.Single(c => c.User == "bob");
        return (server, new BinanceClient(server.Http, alice.ApiKey, alice.Secret, time), new BinanceClient(server.Http, bob.ApiKey, bob.Secret, time));
    }

    /// <summary>Alice offers 2 LTC at 90, Bob takes 1: one trade, one level left.</summary>
    private static async Task TradeOneLtc(BinanceClient alice, BinanceClient bob)
    {
        var (sellStatus, sell) = await alice.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=LTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=2&price=90", inBody: true);
        Assert.True(sellStatus == 200, sell.ToString());
        var (buyStatus, buy) = await bob.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=LTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=90", inBody: true);
        Assert.True(buyStatus == 200, buy.ToString());
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public async Task A_kline_is_sent_closed_with_its_final_values_even_when_the_market_goes_quiet()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var running = server;
        await using var client = await StreamClient.ConnectAsync(server, "/ws/ltcusdt@kline_1s");
        await client.RequestAsync("""{"method":"LIST_SUBSCRIPTIONS","id":1}""", 1);

        await TradeOneLtc(alice, bob);

        // No trade follows, so no event moves the market data's clock: the second still closes by the wall clock.
        var closed = (await client.ReceiveUntilAsync(m => m.GetProperty("k").GetProperty("x").GetBoolean()
            && m.GetProperty("k").GetProperty("n").GetInt64() > 0)).GetProperty("k");
        Assert.Equal("1s", Str(closed, "i"));
        Assert.Equal(1, closed.GetProperty("n").GetInt64());
        Assert.Equal("90.00000000", Str(closed, "c"));
        Assert.Equal("1.00000000", Str(closed, "v"));
        Assert.Equal(closed.GetProperty("t").GetInt64() + 999, closed.GetProperty("T").GetInt64());
    }

    [Fact]
    public async Task Every_stream_kind_carries_Binance_shapes_after_a_trade()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var running = server;
        string[] names =
        [
            "ltcusdt@trade", "ltcusdt@aggTrade", "ltcusdt@bookTicker", "ltcusdt@depth@100ms", "ltcusdt@depth",
            "ltcusdt@depth5@100ms", "ltcusdt@depth10", "ltcusdt@kline_1m", "ltcusdt@kline_1M", "ltcusdt@miniTicker",
            "ltcusdt@ticker", "!ticker@arr", "!miniTicker@arr", "!bookTicker",
        ];
        await using var client = await StreamClient.ConnectAsync(server, "/stream?streams=" + string.Join('/', names));

        await TradeOneLtc(alice, bob);

        var checks = new Dictionary<string, Func<JsonElement, bool>>
        {
            ["ltcusdt@trade"] = d => Str(d, "e") == "trade" && Str(d, "s") == "LTCUSDT" && Str(d, "p") == "90.00000000"
                && Str(d, "q") == "1.00000000" && d.GetProperty("t").GetInt64() == 1 && !d.GetProperty("m").GetBoolean()
                && d.GetProperty("M").GetBoolean() && d.GetProperty("T").GetInt64() > 0 && d.GetProperty("E").GetInt64() > 0,
            ["ltcusdt@aggTrade"] = d => Str(d, "e") == "aggTrade" && d.GetProperty("a").GetInt64() == 1 && Str(d, "p") == "90.00000000"
                && Str(d, "q") == "1.00000000" && d.GetProperty("f").GetInt64() == 1 && d.GetProperty("l").GetInt64() == 1
                && !d.GetProperty("m").GetBoolean(),
            ["ltcusdt@bookTicker"] = d => Str(d, "s") == "LTCUSDT" && Str(d, "a") == "90.00000000" && Str(d, "A") == "1.00000000"
                && Str(d, "b") == "0.00000000" && d.GetProperty("u").GetInt64() > 0,
            ["!bookTicker"] = d => Str(d, "s") == "LTCUSDT" && Str(d, "A") == "1.00000000",
            ["ltcusdt@depth@100ms"] = d => Str(d, "e") == "depthUpdate" && Str(d, "s") == "LTCUSDT"
                && d.GetProperty("U").GetInt64() <= d.GetProperty("u").GetInt64()
                && d.GetProperty("a").EnumerateArray().Any(l => l[0].GetString() == "90.00000000"),
            ["ltcusdt@depth"] = d => Str(d, "e") == "depthUpdate"
                && d.GetProperty("a").EnumerateArray().Any(l => l[0].GetString() == "90.00000000" && l[1].GetString() == "1.00000000"),
            ["ltcusdt@depth5@100ms"] = d => d.GetProperty("lastUpdateId").GetInt64() > 0 && d.GetProperty("bids").GetArrayLength() == 0
                && d.GetProperty("asks").GetArrayLength() == 1 && d.GetProperty("asks")[0][1].GetString() == "1.00000000",
            ["ltcusdt@depth10"] = d => d.GetProperty("asks").GetArrayLength() == 1 && d.GetProperty("asks")[0][0].GetString() == "90.00000000",
            ["ltcusdt@kline_1m"] = d => Str(d, "e") == "kline" && Str(d, "s") == "LTCUSDT" && Str(d.GetProperty("k"), "i") == "1m"
                && Str(d.GetProperty("k"), "c") == "90.00000000" && Str(d.GetProperty("k"), "v") == "1.00000000"
                && Str(d.GetProperty("k"), "q") == "90.00000000" && d.GetProperty("k").GetProperty("n").GetInt64() == 1
                && d.GetProperty("k").GetProperty("T").GetInt64() - d.GetProperty("k").GetProperty("t").GetInt64() == 59_999
                && d.GetProperty("k").GetProperty("x").ValueKind is JsonValueKind.False or JsonValueKind.True,
            ["ltcusdt@kline_1M"] = d => Str(d.GetProperty("k"), "i") == "1M" && Str(d.GetProperty("k"), "h") == "90.00000000",
            ["ltcusdt@miniTicker"] = d => Str(d, "e") == "24hrMiniTicker" && Str(d, "c") == "90.00000000" && Str(d, "v") == "1.00000000"
                && Str(d, "q") == "90.00000000",
            ["ltcusdt@ticker"] = d => Str(d, "e") == "24hrTicker" && Str(d, "c") == "90.00000000" && Str(d, "Q") == "1.00000000"
                && Str(d, "a") == "90.00000000" && Str(d, "A") == "1.00000000" && d.GetProperty("n").GetInt64() == 1
                && d.GetProperty("F").GetInt64() == 1 && d.GetProperty("L").GetInt64() == 1 && d.TryGetProperty("P", out _)
                && d.TryGetProperty("w", out _) && d.TryGetProperty("x", out _) && d.TryGetProperty("O", out _) && d.TryGetProperty("C", out _),
            ["!ticker@arr"] = d => d.ValueKind == JsonValueKind.Array && d.EnumerateArray().Any(t => Str(t, "s") == "LTCUSDT" && Str(t, "c") == "90.00000000"),
            ["!miniTicker@arr"] = d => d.ValueKind == JsonValueKind.Array && d.EnumerateArray().Any(t => Str(t, "e") == "24hrMiniTicker" && Str(t, "s") == "LTCUSDT"),
        };
        Assert.Equal(names.Order(), checks.Keys.Order());

        var seen = new HashSet<string>();
        await client.ReceiveUntilAsync(message =>
        {
            var stream = Str(message, "stream");
            Assert.Contains(stream, names);
            if (checks[stream](message.GetProperty("data")))
            {
                seen.Add(stream);
            }

            return seen.Count == names.Length;
        }, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_raw_stream_sends_payloads_unwrapped_and_any_ws_path_accepts_a_live_subscribe()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await Start(directory);
        await using var running = server;
        await using var raw = await StreamClient.ConnectAsync(server, "/ws/ltcusdt@trade");
        await using var ccxt = await StreamClient.ConnectAsync(server, "/ws/0");
        Assert.Equal("{\"result\":null,\"id\":1}", (await ccxt.RequestAsync("""{"method":"SUBSCRIBE","params":["ltcusdt@aggTrade"],"id":1}""", 1)).GetRawText());

        await TradeOneLtc(alice, bob);

        var trade = await raw.ReceiveAsync();
        Assert.Equal("trade", Str(trade, "e"));
        Assert.False(trade.TryGetProperty("stream", out _));
        var aggregate = await ccxt.ReceiveAsync();
        Assert.Equal("aggTrade", Str(aggregate, "e"));
        Assert.Equal("90.00000000", Str(aggregate, "p"));
    }

    [Fact]
    public async Task Subscribe_unsubscribe_list_and_the_combined_property_answer_as_Binance()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, alice, bob) = await Start(directory, time);
        await using var running = server;
        await using var client = await StreamClient.ConnectAsync(server, "/ws/1");

        async Task<string> Ask(string json, int id)
        {
            var reply = (await client.RequestAsync(json, id)).GetRawText();
            time.Advance(TimeSpan.FromMilliseconds(250)); // stay under 5 messages a second
            return reply;
        }

        Assert.Equal("""{"result":null,"id":1}""", await Ask("""{"method":"SUBSCRIBE","params":["LTCUSDT@trade","btcusdt@depth"],"id":1}""", 1));
        Assert.Equal("""{"result":["ltcusdt@trade","btcusdt@depth"],"id":2}""", await Ask("""{"method":"LIST_SUBSCRIPTIONS","id":2}""", 2));
        Assert.Equal("""{"result":null,"id":3}""", await Ask("""{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":3}""", 3));
        Assert.Equal("""{"result":["ltcusdt@trade"],"id":4}""", await Ask("""{"method":"LIST_SUBSCRIPTIONS","id":4}""", 4));
        Assert.Equal("""{"result":false,"id":5}""", await Ask("""{"method":"GET_PROPERTY","params":["combined"],"id":5}""", 5));
        Assert.Equal("""{"result":null,"id":6}""", await Ask("""{"method":"SET_PROPERTY","params":["combined",true],"id":6}""", 6));
        Assert.Equal("""{"result":true,"id":7}""", await Ask("""{"method":"GET_PROPERTY","params":["combined"],"id":7}""", 7));

        await TradeOneLtc(alice, bob);

        var wrapped = await client.ReceiveAsync();
        Assert.Equal("ltcusdt@trade", Str(wrapped, "stream"));
        Assert.Equal("trade", Str(wrapped.GetProperty("data"), "e"));
    }

    [Fact]
    public async Task Bad_control_messages_get_Binance_error_frames_and_the_connection_stays_open()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, _, _) = await Start(directory, time);
        await using var running = server;
        await using var client = await StreamClient.ConnectAsync(server, "/ws/0");

        async Task<JsonElement> Send(string text)
        {
            await client.SendAsync(text);
            var reply = await client.ReceiveAsync();
            time.Advance(TimeSpan.FromMilliseconds(250));
            return reply;
        }

        var invalidJson = await Send("{not json");
        Assert.Equal(3, invalidJson.GetProperty("code").GetInt32());
        Assert.StartsWith("Invalid JSON", Str(invalidJson, "msg"), StringComparison.Ordinal);

        // A binary frame is not checked for UTF-8 by the WebSocket layer: a bad string inside must still be an error.
        byte[] badUtf8 = [.. "{\"method\":\"SUBSCRIBE\",\"params\":[\""u8, 0xC3, 0x28, .. "\"],\"id\":1}"u8];
        await client.Socket.SendAsync(badUtf8, System.Net.WebSockets.WebSocketMessageType.Binary, true, CancellationToken.None);
        var notUtf8 = await client.ReceiveAsync();
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(3, notUtf8.GetProperty("code").GetInt32());

        var unknownMethod = await Send("""{"method":"SUBSCRIBEX","params":[],"id":11}""");
        Assert.Equal(2, unknownMethod.GetProperty("code").GetInt32());
        Assert.StartsWith("Invalid request: unknown variant", Str(unknownMethod, "msg"), StringComparison.Ordinal);
        Assert.Equal(11, unknownMethod.GetProperty("id").GetInt32());

        var badId = await Send("""{"method":"LIST_SUBSCRIPTIONS","id":-4}""");
        Assert.Equal("Invalid request: request ID must be an unsigned integer", Str(badId, "msg"));

        var notAnArray = await Send("""{"method":"SUBSCRIBE","params":"btcusdt@trade","id":12}""");
        Assert.Equal(2, notAnArray.GetProperty("code").GetInt32());

        var unknownStream = await Send("""{"method":"SUBSCRIBE","params":["ltcusdt@trade","nosuchcoin@trade"],"id":13}""");
        Assert.Equal(2, unknownStream.GetProperty("code").GetInt32());
        Assert.Contains("nosuchcoin@trade", Str(unknownStream, "msg"), StringComparison.Ordinal);

        var unknownProperty = await Send("""{"method":"SET_PROPERTY","params":["compressed",true],"id":14}""");
        Assert.Equal("""{"code":0,"msg":"Unknown property","id":14}""", unknownProperty.GetRawText());

        var notBoolean = await Send("""{"method":"SET_PROPERTY","params":["combined","yes"],"id":15}""");
        Assert.Equal("""{"code":1,"msg":"Invalid value type: expected Boolean","id":15}""", notBoolean.GetRawText());

        var noMethod = await Send("""{"params":[],"id":16}""");
        Assert.Equal(2, noMethod.GetProperty("code").GetInt32());

        // Nothing half-applied: the SUBSCRIBE that named an unknown stream added nothing.
        Assert.Equal("""{"result":[],"id":17}""", (await Send("""{"method":"LIST_SUBSCRIPTIONS","id":17}""")).GetRawText());
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Fact]
    public async Task More_than_five_messages_a_second_closes_the_connection_with_policy_violation()
    {
        using var directory = new TempDirectory();
        var (server, _, _) = await Start(directory);
        await using var running = server;
        await using var client = await StreamClient.ConnectAsync(server, "/ws/0");

        for (var id = 1; id <= 8; id++)
        {
            await client.SendAsync($$"""{"method":"LIST_SUBSCRIPTIONS","id":{{id}}}""");
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("Too many requests", client.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_subscribe_past_the_stream_limit_is_refused_whole_and_the_limit_itself_is_allowed()
    {
        using var directory = new TempDirectory();
        // The demo has too few markets to name 1024 streams, so the limit is configured down.
        var (server, _, _) = await Start(directory, "--Bourse:Streams:MaxStreamsPerConnection=4");
        await using var running = server;
        await using var client = await StreamClient.ConnectAsync(server, "/ws/btcusdt@trade");

        var ok = await client.RequestAsync("""{"method":"SUBSCRIBE","params":["ethusdt@trade","ltcusdt@trade","btcusdt@trade","solusdt@trade"],"id":1}""", 1);
        Assert.Equal("""{"result":null,"id":1}""", ok.GetRawText());
        var tooMany = await client.RequestAsync("""{"method":"SUBSCRIBE","params":["btcusdt@trade","ethbtc@trade"],"id":2}""", 2);
        Assert.Equal(2, tooMany.GetProperty("code").GetInt32());
        Assert.Contains("at most 4", Str(tooMany, "msg"), StringComparison.Ordinal);
        var list = await client.RequestAsync("""{"method":"LIST_SUBSCRIPTIONS","id":3}""", 3);
        Assert.Equal(4, list.GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task A_plain_http_request_to_a_stream_path_is_a_400_not_a_500()
    {
        using var directory = new TempDirectory();
        var (server, _, _) = await Start(directory);
        await using var running = server;

        Assert.Equal(400, (int)(await server.Http.GetAsync("/ws/btcusdt@trade")).StatusCode);
        Assert.Equal(400, (int)(await server.Http.GetAsync("/stream?streams=btcusdt@trade")).StatusCode);
    }
}
