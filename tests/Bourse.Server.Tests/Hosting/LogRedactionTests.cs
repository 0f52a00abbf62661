using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Bourse.Server.Hosting;

namespace Bourse.Server.Tests.Hosting;

/// <summary>
/// Signatures, listenKeys, API keys, tokens and passwords never reach the log, at any level and whoever logs the request
/// (ASP.NET Core's request lines, routing's debug lines, a request scope, our own); and a server started from a
/// directory without its settings still reads them, from beside its binary.
/// </summary>
public sealed class LogRedactionTests
{
    private const string ListenKey = "pqIRuyJDGOZ3kT1aGcmAIsT2w9lc5V1sKhMPdPkiLq38tXWh0kzDCVw2bgCm";

    [Theory]
    [InlineData("Request starting HTTP/1.1 GET http://127.0.0.1:8080/api/v3/account?timestamp=1&signature=0f3a9c - - -",
        "Request starting HTTP/1.1 GET http://127.0.0.1:8080/api/v3/account?timestamp=1&signature=*** - - -")]
    [InlineData("?symbol=BTCUSDT&signature=abc&recvWindow=5000", "?symbol=BTCUSDT&signature=***&recvWindow=5000")]
    [InlineData("PUT /api/v3/userDataStream?listenKey=abc", "PUT /api/v3/userDataStream?listenKey=***")]
    [InlineData("GET /ws/" + ListenKey, "GET /ws/***")]
    [InlineData("/stream?streams=" + ListenKey + "/btcusdt@trade", "/stream?streams=***/btcusdt@trade")]
    [InlineData("GET /reset-password?token=Zm9vYmFy", "GET /reset-password?token=***")]
    [InlineData("X-MBX-APIKEY: vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", "X-MBX-APIKEY: ***")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "Authorization: ***")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl expired", "token *** expired")]
    [InlineData("""{"email":"ann@example.com","password":"correct \"horse\" battery"}""", """{"email":"ann@example.com","password":"***"}""")]
    [InlineData("DELETE /api/v1/api-keys/vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", "DELETE /api/v1/api-keys/***")]
    [InlineData("Host=db;Username=bourse;Password=hunter2;Database=bourse", "Host=db;Username=bourse;Password=***;Database=bourse")]
    public void Secrets_are_masked_where_they_appear(string text, string redacted)
    {
        Assert.Equal(redacted, SecretRedaction.Redact(text));
    }

    [Theory]
    [InlineData("Request starting HTTP/1.1 GET http://127.0.0.1:8080/ws/btcusdt@trade - - -")]
    [InlineData("/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1000")]
    [InlineData("Engine recovered from /var/lib/bourse: snapshot at 42, replayed 7 commands")]
    public void Ordinary_lines_are_left_as_they_are(string text)
    {
        Assert.Same(text, SecretRedaction.Redact(text));
    }

    [Fact]
    public void A_trace_span_carries_a_listen_key_path_masked()
    {
        using var activity = new System.Diagnostics.Activity("GET");
        activity.SetTag("url.path", "/ws/" + ListenKey);
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        request.Path = "/ws/" + ListenKey;

        Telemetry.RedactPath(activity, request);

        Assert.Equal("/ws/***", activity.GetTagItem("url.path"));
    }

    [Fact]
    public async Task A_server_started_from_another_directory_logs_no_secret_even_at_debug_level()
    {
        using var directory = new TempDirectory();
        var data = directory.Sub("data");
        var created = await ServerProcess.RunAsync(directory.Path, "apikey", "create", "--user", "1", "--data-dir", data);
        Assert.True(created.ExitCode == 0, created.StandardError);
        string Line(string name) => created.StandardOutput.Split('\n').Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim();
        var (apiKey, secret) = (Line("apiKey:"), Line("secretKey:"));
        const string ResetToken = "bm90LWEtcmVhbC1yZXNldC10b2tlbg";
        var secrets = new List<string> { apiKey, secret, ResetToken };

        string output;
        await using (var server = await ServerProcess.StartAsync(data, "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft=Debug",
            "--Logging:LogLevel:Microsoft.AspNetCore=Debug"))
        {
            var binance = new BinanceClient(server.Http, apiKey, secret);
            using (var account = await binance.SendSignedAsync(HttpMethod.Get, "/api/v3/account", "recvWindow=5000"))
            {
                secrets.Add(System.Web.HttpUtility.ParseQueryString(account.RequestMessage!.RequestUri!.Query)["signature"]!);
            }

            using var open = new HttpRequestMessage(HttpMethod.Post, "/api/v3/userDataStream");
            open.Headers.Add("X-MBX-APIKEY", apiKey);
            using var opened = await server.Http.SendAsync(open);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            var listenKey = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("listenKey").GetString()!;
            secrets.Add(listenKey);

            using var keepAlive = new HttpRequestMessage(HttpMethod.Put, $"/api/v3/userDataStream?listenKey={listenKey}");
            keepAlive.Headers.Add("X-MBX-APIKEY", apiKey);
            (await server.Http.SendAsync(keepAlive)).Dispose();
            using (var socket = new ClientWebSocket())
            {
                await socket.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws/{listenKey}"), CancellationToken.None);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }

            (await server.Http.GetAsync($"/stream?streams={listenKey}/btcusdt@trade")).Dispose();
            (await server.Http.GetAsync($"/reset-password?token={ResetToken}")).Dispose();
            Assert.Equal(0, await server.StopAsync());
            output = server.Output;
        }

        foreach (var value in secrets)
        {
            Assert.DoesNotContain(value, output, StringComparison.Ordinal);
        }

        // The request lines were logged, with their secrets masked: the checks above looked at them.
        Assert.Contains("signature=***", output, StringComparison.Ordinal);
        Assert.Contains("/ws/***", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_started_from_another_directory_reads_the_settings_beside_its_binary()
    {
        // appsettings.json beside the binary logs ASP.NET Core at Warning: without it every request would be a line.
        using var directory = new TempDirectory();
        string output;
        await using (var server = await ServerProcess.StartAsync(directory.Path))
        {
            (await server.Http.GetAsync("/api/v3/ping")).Dispose();
            Assert.Equal(0, await server.StopAsync());
            output = server.Output;
        }

        Assert.Contains("Engine recovered from", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request starting", output, StringComparison.Ordinal);
    }
}
