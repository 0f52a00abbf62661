using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bourse.Server.Tests.UserData;

/// <summary>User data over the WebSocket API (/ws-api/v3), as ccxt.pro's watchOrders/watchBalance use it.</summary>
public class WebSocketApiUserDataTests
{
    private static async Task<JsonWebSocket> Subscribed(IBourseServer server, UserDataStreamTests.Credentials user, int expectedSubscriptionId = 0)
    {
        var socket = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3");
        await socket.SendAsync(JsonWebSocket.SignedRequest("\"s\"", "userDataStream.subscribe.signature", user.ApiKey, user.Secret));
        var reply = await socket.ReceiveAsync();
        Assert.Equal(200, reply.GetProperty("status").GetInt32());
        Assert.Equal(expectedSubscriptionId, reply.GetProperty("result").GetProperty("subscriptionId").GetInt32());
        return socket;
    }

    private static Task<(int Status, JsonElement Body)> PlaceSell(UserDataStreamTests.Credentials user, string clientOrderId) =>
        user.Client.SignedAsync(HttpMethod.Post, "/api/v3/order",
            $"symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.1&price=95000&newClientOrderId={clientOrderId}", inBody: true);

    [Fact]
    public async Task Requests_are_answered_with_their_id_echoed_and_bad_ones_get_error_frames_without_a_disconnect()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await UserDataStreamTests.Start(directory);
        await using var _ = server;
        // Without rate limits in the replies, so they can be compared whole (WebSocketApiLimitsTests covers those).
        await using var socket = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3?returnRateLimits=false");

        await socket.SendAsync("""{"id":"ping-1","method":"ping"}""");
        Assert.Equal("""{"id":"ping-1","status":200,"result":{}}""", (await socket.ReceiveAsync()).GetRawText());
        await socket.SendAsync("""{"id":17,"method":"time"}""");
        var time = await socket.ReceiveAsync();
        Assert.Equal((17, 200), (time.GetProperty("id").GetInt32(), time.GetProperty("status").GetInt32()));
        Assert.True(time.GetProperty("result").GetProperty("serverTime").GetInt64() > 0);

        await socket.SendAsync("""{"id":7,"method":"order.dance","params":{}}""");
        var unknown = await socket.ReceiveAsync();
        Assert.Equal((7, 400), (unknown.GetProperty("id").GetInt32(), unknown.GetProperty("status").GetInt32()));
        Assert.Equal(-1020, unknown.GetProperty("error").GetProperty("code").GetInt32());
        await socket.SendAsync("not json");
        var garbage = await socket.ReceiveAsync();
        Assert.Equal(JsonValueKind.Null, garbage.GetProperty("id").ValueKind);
        Assert.Equal(400, garbage.GetProperty("status").GetInt32());

        await socket.SendAsync(JsonWebSocket.SignedRequest("\"bad-sig\"", "userDataStream.subscribe.signature", alice.ApiKey, alice.Secret,
            signatureOverride: new string('0', 64)));
        var badSignature = await socket.ReceiveAsync();
        Assert.Equal("bad-sig", badSignature.GetProperty("id").GetString());
        Assert.Contains(badSignature.GetProperty("status").GetInt32(), new[] { 400, 401 });
        Assert.Equal(-1022, badSignature.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("Signature for this request is not valid.", badSignature.GetProperty("error").GetProperty("msg").GetString());
        await socket.SendAsync(JsonWebSocket.SignedRequest("99", "userDataStream.subscribe.signature", new string('k', 64), alice.Secret));
        var badKey = await socket.ReceiveAsync();
        Assert.Equal((99, 401, -2015), (badKey.GetProperty("id").GetInt32(), badKey.GetProperty("status").GetInt32(),
            badKey.GetProperty("error").GetProperty("code").GetInt32()));

        await socket.SendAsync(JsonWebSocket.SignedRequest("42", "userDataStream.subscribe.signature", alice.ApiKey, alice.Secret));
        var subscribed = await socket.ReceiveAsync();
        Assert.Equal("""{"id":42,"status":200,"result":{"subscriptionId":0}}""", subscribed.GetRawText());

        var (_, order) = await PlaceSell(alice, "ws-1");
        var report = await socket.ReceiveAsync();
        Assert.Equal(0, report.GetProperty("subscriptionId").GetInt32());
        var execution = report.GetProperty("event");
        Assert.Equal(("executionReport", "NEW", "ws-1"), (execution.GetProperty("e").GetString(), execution.GetProperty("x").GetString(),
            execution.GetProperty("c").GetString()));
        Assert.Equal(order.GetProperty("orderId").GetInt64(), execution.GetProperty("i").GetInt64());
        var position = (await socket.ReceiveAsync()).GetProperty("event");
        Assert.Equal("outboundAccountPosition", position.GetProperty("e").GetString());
        await UserDataStreamTests.AssertMatchesAccount(alice.Client, position);
    }

    [Fact]
    public async Task Unsubscribing_stops_that_subscription_and_no_user_sees_another_users_events()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await UserDataStreamTests.Start(directory, "--Bourse:UserData:MaxSubscriptionsPerConnection=2");
        await using var _ = server;
        await using var aliceSocket = await Subscribed(server, alice);
        await using var bobSocket = await Subscribed(server, bob);
        await aliceSocket.SendAsync(JsonWebSocket.SignedRequest("\"second\"", "userDataStream.subscribe.signature", alice.ApiKey, alice.Secret));
        Assert.Equal(1, (await aliceSocket.ReceiveAsync()).GetProperty("result").GetProperty("subscriptionId").GetInt32());

        await aliceSocket.SendAsync(JsonWebSocket.SignedRequest("\"third\"", "userDataStream.subscribe.signature", alice.ApiKey, alice.Secret));
        var third = await aliceSocket.ReceiveAsync();
        Assert.Equal((400, -1020), (third.GetProperty("status").GetInt32(), third.GetProperty("error").GetProperty("code").GetInt32()));
        await aliceSocket.SendAsync("""{"id":"u","method":"userDataStream.unsubscribe","params":{"subscriptionId":0}}""");
        var unsubscribed = await aliceSocket.ReceiveAsync();
        Assert.Equal(("u", 200, "{}"), (unsubscribed.GetProperty("id").GetString(), unsubscribed.GetProperty("status").GetInt32(),
            unsubscribed.GetProperty("result").GetRawText()));
        await aliceSocket.SendAsync("""{"id":"u2","method":"userDataStream.unsubscribe","params":{"subscriptionId":0}}""");
        Assert.Equal(400, (await aliceSocket.ReceiveAsync()).GetProperty("status").GetInt32());

        // Bob trades first: had his events leaked to alice they would reach her before her own.
        await PlaceSell(bob, "bob-1");
        await PlaceSell(alice, "alice-1");

        var bobReport = (await bobSocket.ReceiveAsync()).GetProperty("event");
        Assert.Equal("bob-1", bobReport.GetProperty("c").GetString());
        var first = await aliceSocket.ReceiveAsync();
        Assert.Equal(1, first.GetProperty("subscriptionId").GetInt32());
        Assert.Equal("alice-1", first.GetProperty("event").GetProperty("c").GetString());
        var second = await aliceSocket.ReceiveAsync();
        Assert.Equal(1, second.GetProperty("subscriptionId").GetInt32());
        Assert.Equal("outboundAccountPosition", second.GetProperty("event").GetProperty("e").GetString());

        // Without a subscriptionId every subscription ends. A fresh subscriber sees alice's next order; had the old
        // connection still been subscribed, that event would reach it before the reply to a later ping.
        await aliceSocket.SendAsync("""{"id":"all","method":"userDataStream.unsubscribe"}""");
        Assert.Equal(200, (await aliceSocket.ReceiveAsync()).GetProperty("status").GetInt32());
        await using var marker = await Subscribed(server, alice);
        await PlaceSell(alice, "alice-2");
        Assert.Equal("alice-2", (await marker.ReceiveAsync()).GetProperty("event").GetProperty("c").GetString());
        await aliceSocket.SendAsync("""{"id":"p","method":"ping"}""");
        Assert.Equal("p", (await aliceSocket.ReceiveAsync()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_slow_consumer_is_disconnected_without_holding_back_another_subscriber()
    {
        using var directory = new TempDirectory();
        var (server, alice, bob) = await UserDataStreamTests.Start(directory, "--Bourse:UserData:OutboundQueueCapacity=1000",
            "--Bourse:UserData:MaxSubscriptionsPerConnection=100");
        await using var _ = server;
        await using var healthy = await Subscribed(server, alice);
        await using var slow = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3", startReading: false, receiveBufferBytes: 1024);
        // Many subscriptions on one connection multiply its traffic (about 17 MB here), so it outgrows the socket
        // buffers (several MB on loopback) and then its queue.
        const int slowSubscriptions = 100;
        for (var i = 0; i < slowSubscriptions; i++)
        {
            await slow.SendAsync(JsonWebSocket.SignedRequest($"{i}", "userDataStream.subscribe.signature", alice.ApiKey, alice.Secret));
        }

        // Alice rests small orders and bob takes them all at once, twice: bursts of 41 events for alice's streams, which
        // the healthy subscriber's queue holds while it reads.
        const int ordersPerSweep = 40;
        var executions = new Dictionary<string, int>();
        for (var sweep = 1; sweep <= 2; sweep++)
        {
            for (var i = 0; i < ordersPerSweep; i++)
            {
                var (status, _) = await alice.Client.SignedAsync(HttpMethod.Post, "/api/v3/order",
                    $"symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price={90000 + i}", inBody: true);
                Assert.Equal(200, status);
            }

            var (swept, _) = await bob.Client.SignedAsync(HttpMethod.Post, "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.4", inBody: true);
            Assert.Equal(200, swept);
            while (executions.GetValueOrDefault("TRADE") < sweep * ordersPerSweep)
            {
                var e = (await healthy.ReceiveAsync()).GetProperty("event");
                if (e.GetProperty("e").GetString() == "executionReport")
                {
                    var type = e.GetProperty("x").GetString()!;
                    executions[type] = executions.GetValueOrDefault(type) + 1;
                }
            }
        }

        const int orders = 2 * ordersPerSweep;
        Assert.Equal(orders, executions["NEW"]);
        slow.StartReading();
        var delivered = await slow.ReceiveUntilClosedAsync(TimeSpan.FromSeconds(20));
        Assert.True(delivered.Count < slowSubscriptions * (1 + (orders * 3) + 2), $"the slow consumer got all {delivered.Count} frames");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, slow.CloseStatus);
        Assert.Contains("slow consumer", slow.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_pings_and_drops_a_client_that_never_answers_while_one_that_answers_stays()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await UserDataStreamTests.Start(directory,
            "--Bourse:UserData:PingInterval=00:00:00.500", "--Bourse:UserData:PongTimeout=00:00:01");
        await using var _ = server;
        await using var answering = await Subscribed(server, alice);
        using var silent = new TcpClient();
        await silent.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = silent.GetStream();
        var handshake = $"GET /ws-api/v3 HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await stream.ReadAsync(one, deadline.Token));
            response.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", response.ToString(), StringComparison.Ordinal);
        var opcodes = new List<int>();
        var header = new byte[2];
        try
        {
            while (await stream.ReadAtLeastAsync(header, 2, throwOnEndOfStream: false, deadline.Token) == 2)
            {
                opcodes.Add(header[0] & 0x0F);
                var length = header[1] & 0x7F;
                var skip = new byte[length];
                await stream.ReadExactlyAsync(skip, deadline.Token);
            }
        }
        catch (IOException)
        {
            // Reset by the server: dropped.
        }

        Assert.Contains(0x9, opcodes);
        Assert.False(deadline.IsCancellationRequested, "the silent client was never dropped");
        await answering.SendAsync("""{"id":1,"method":"ping"}""");
        Assert.Equal(200, (await answering.ReceiveAsync()).GetProperty("status").GetInt32());
    }
}
