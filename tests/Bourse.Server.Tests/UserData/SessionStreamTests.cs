using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bourse.Server.Tests.UserData;

/// <summary>
/// The web UI's user data stream: a signed-in session opens its own listenKey (POST /api/v1/account/stream), reads
/// /ws/&lt;listenKey&gt;, keeps it alive with its bearer token; only that session can, and ending the session ends it.
/// </summary>
public class SessionStreamTests
{
    private sealed record Session(string AccessToken, string SessionId);

    private static async Task<Session> SignIn(IBourseServer server, string name)
    {
        var body = await PlatformTrader.LoginAsync(server, name);
        return new Session(body.GetProperty("accessToken").GetString()!, body.GetProperty("sessionId").GetString()!);
    }

    private static async Task<(int Status, JsonElement Body)> Send(IBourseServer server, HttpMethod method, string path, Session? session, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (session is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    private static async Task<string> OpenStream(IBourseServer server, Session session)
    {
        var (status, body) = await Send(server, HttpMethod.Post, "/api/v1/account/stream", session);
        Assert.True(status == 200, body.ToString());
        Assert.Equal(120, body.GetProperty("validitySeconds").GetInt64());
        return body.GetProperty("listenKey").GetString()!;
    }

    private static async Task<JsonElement> NextOfType(JsonWebSocket socket, string type)
    {
        for (var i = 0; i < 10; i++)
        {
            var frame = await socket.ReceiveAsync();
            if (frame.GetProperty("e").GetString() == type)
            {
                return frame;
            }
        }

        throw new InvalidOperationException($"no {type} within 10 frames");
    }

    private static Task<InProcessServer> StartQuietDemo(TempDirectory directory) =>
        InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");

    [Fact]
    public async Task A_session_reads_its_own_events_and_only_it_can_keep_its_key_alive()
    {
        using var directory = new TempDirectory();
        await using var server = await StartQuietDemo(directory);
        var alice = await SignIn(server, "alice");
        var bob = await SignIn(server, "bob");

        var (anonymous, problem) = await Send(server, HttpMethod.Post, "/api/v1/account/stream", session: null);
        Assert.Equal((401, "unauthorized"), (anonymous, problem.GetProperty("code").GetString()));

        var key = await OpenStream(server, alice);
        Assert.Matches("^[A-Za-z0-9]{60}$", key);
        Assert.Equal(key, await OpenStream(server, alice));
        Assert.NotEqual(key, await OpenStream(server, bob));

        await using var socket = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{key}");
        var (placed, order) = await Send(server, HttpMethod.Post, "/api/v1/orders", alice,
            """{"symbol":"SOLUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"1.00","price":"500.00","clientOrderId":"session-stream-1"}""");
        Assert.True(placed == 201, order.ToString());
        var report = await NextOfType(socket, "executionReport");
        Assert.Equal(("SOLUSDT", "session-stream-1", "NEW"), (report.GetProperty("s").GetString(), report.GetProperty("c").GetString(), report.GetProperty("X").GetString()));

        Assert.Equal(204, (await Send(server, HttpMethod.Put, "/api/v1/account/stream", alice, $$"""{"listenKey":"{{key}}"}""")).Status);
        var (bobExtends, bobProblem) = await Send(server, HttpMethod.Put, "/api/v1/account/stream", bob, $$"""{"listenKey":"{{key}}"}""");
        Assert.Equal((404, "not_found"), (bobExtends, bobProblem.GetProperty("code").GetString()));
        var (missing, missingProblem) = await Send(server, HttpMethod.Put, "/api/v1/account/stream", alice, "{}");
        Assert.Equal((400, "missing_field"), (missing, missingProblem.GetProperty("code").GetString()));
        var (notJson, notJsonProblem) = await Send(server, HttpMethod.Put, "/api/v1/account/stream", alice, "[1]");
        Assert.Equal((400, "invalid_json"), (notJson, notJsonProblem.GetProperty("code").GetString()));

        // Bob's stream never carries Alice's events.
        await using var bobSocket = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{await OpenStream(server, bob)}");
        await Send(server, HttpMethod.Delete, "/api/v1/orders?symbol=SOLUSDT", alice);
        Assert.Equal("CANCELED", (await NextOfType(socket, "executionReport")).GetProperty("X").GetString());
        await Assert.ThrowsAsync<TimeoutException>(() => bobSocket.ReceiveAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Signing_out_or_revoking_the_session_ends_its_stream_at_once()
    {
        using var directory = new TempDirectory();
        await using var server = await StartQuietDemo(directory);
        var laptop = await SignIn(server, "alice");
        var phone = await SignIn(server, "alice");

        var phoneKey = await OpenStream(server, phone);
        await using var phoneSocket = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{phoneKey}");
        Assert.Equal(204, (await Send(server, HttpMethod.Delete, $"/api/v1/sessions/{phone.SessionId}", laptop)).Status);
        await phoneSocket.ReceiveUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(phoneSocket.CloseStatus);
        await Assert.ThrowsAsync<WebSocketException>(() => JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{phoneKey}"));

        var laptopKey = await OpenStream(server, laptop);
        await using var laptopSocket = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{laptopKey}");
        Assert.Equal(204, (await Send(server, HttpMethod.Post, "/api/v1/auth/logout", laptop)).Status);
        await laptopSocket.ReceiveUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(laptopSocket.CloseStatus);
        var (afterLogout, _) = await Send(server, HttpMethod.Post, "/api/v1/account/stream", laptop);
        Assert.Equal(401, afterLogout);
    }

    [Fact]
    public async Task A_session_key_not_kept_alive_expires_with_listenKeyExpired()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:UserData:SessionStreamValidity=00:00:02");
        var alice = await SignIn(server, "alice");
        var (status, body) = await Send(server, HttpMethod.Post, "/api/v1/account/stream", alice);
        Assert.Equal((200, 2L), (status, body.GetProperty("validitySeconds").GetInt64()));
        var key = body.GetProperty("listenKey").GetString()!;

        await using var socket = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{key}");
        var frames = await socket.ReceiveUntilClosedAsync(TimeSpan.FromSeconds(15));
        Assert.Contains(frames, f => f.GetProperty("e").GetString() == "listenKeyExpired");
        var (extend, _) = await Send(server, HttpMethod.Put, "/api/v1/account/stream", alice, $$"""{"listenKey":"{{key}}"}""");
        Assert.Equal(404, extend);
    }
}
