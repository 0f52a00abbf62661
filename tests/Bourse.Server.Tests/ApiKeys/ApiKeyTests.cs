using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Bourse.Server.ApiKeys;
using Bourse.Server.Tests.UserData;
using Microsoft.AspNetCore.DataProtection;

namespace Bourse.Server.Tests.ApiKeys;

/// <summary>
/// API keys end to end: created, listed and revoked with the <c>bourse apikey</c> CLI against a running server's data
/// directory, and enforced by /api/v3 and /ws-api/v3 (permissions, IP allow-lists, revocation).
/// </summary>
public class ApiKeyTests
{
    private const string AccountPath = "/api/v3/account";

    private sealed record CreatedKey(string ApiKey, string Secret);

    /// <summary>Runs <c>bourse apikey ...</c> as an operator would, against the data directory.</summary>
    private static async Task<(int ExitCode, string Output)> Cli(string dataDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "bourse.dll"), "apikey", .. args, "--data-dir", dataDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }

    private static async Task<CreatedKey> CreateWithCli(string dataDirectory, long userId, params string[] options)
    {
        var (exitCode, output) = await Cli(dataDirectory, ["create", "--user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture), .. options]);
        Assert.True(exitCode == 0, output);
        string Line(string name) => output.Split('\n').Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim();
        return new CreatedKey(Line("apiKey:"), Line("secretKey:"));
    }

    /// <summary>Retries <paramref name="request"/> until it answers <paramref name="status"/>; keys made by another process arrive by polling.</summary>
    private static Task<(int Status, JsonElement Body)> UntilAnswered(Func<Task<(int Status, JsonElement Body)>> request, int status) =>
        Eventually.UntilAsync(request, answer => answer.Status == status, answer => $"answered {status}; last {answer.Status} {answer.Body}");

    private static void AssertRejected((int Status, JsonElement Body) answer)
    {
        Assert.Equal(401, answer.Status);
        Assert.Equal(-2015, answer.Body.GetProperty("code").GetInt32());
        Assert.Equal("Invalid API-key, IP, or permissions for action.", answer.Body.GetProperty("msg").GetString());
    }

    private static async Task<(int Status, JsonElement Body)> OpenListenKey(IBourseServer server, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v3/userDataStream");
        request.Headers.Add("X-MBX-APIKEY", apiKey);
        using var response = await server.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<JsonElement> WebSocketSubscribe(IBourseServer server, CreatedKey key)
    {
        await using var socket = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3");
        await socket.SendAsync(JsonWebSocket.SignedRequest("1", "userDataStream.subscribe.signature", key.ApiKey, key.Secret));
        return await socket.ReceiveAsync();
    }

    [Fact]
    public async Task An_ip_allow_list_admits_listed_addresses_and_rejects_others_on_rest_listen_keys_and_the_websocket_api()
    {
        using var directory = new TempDirectory();
        var (server, _, _) = await UserDataStreamTests.Start(directory);
        await using var _ = server;

        var elsewhere = await CreateWithCli(directory.Path, 1, "--label", "elsewhere", "--ip", "10.9.8.7");
        var otherRanges = await CreateWithCli(directory.Path, 1, "--ip", "10.0.0.0/8,192.168.0.0/16,2001:db8::/32");
        var local = await CreateWithCli(directory.Path, 1, "--permissions", "read,trade", "--ip", "10.9.8.7,127.0.0.0/8");

        // Created last, so once it works the server has loaded the other two as well.
        var (status, account) = await UntilAnswered(() => new BinanceClient(server.Http, local.ApiKey, local.Secret).SignedAsync(HttpMethod.Get, AccountPath, ""), 200);
        Assert.Equal(200, status);
        Assert.True(account.GetProperty("canTrade").GetBoolean());
        Assert.Equal(200, (await OpenListenKey(server, local.ApiKey)).Status);
        Assert.Equal(200, (await WebSocketSubscribe(server, local)).GetProperty("status").GetInt32());

        foreach (var key in new[] { elsewhere, otherRanges })
        {
            AssertRejected(await new BinanceClient(server.Http, key.ApiKey, key.Secret).SignedAsync(HttpMethod.Get, AccountPath, ""));
            AssertRejected(await new BinanceClient(server.Http, key.ApiKey, key.Secret).SignedAsync(HttpMethod.Post, "/api/v3/order",
                "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.1&price=95000", inBody: true));
            AssertRejected(await OpenListenKey(server, key.ApiKey));
            var subscribed = await WebSocketSubscribe(server, key);
            Assert.Equal((401, -2015), (subscribed.GetProperty("status").GetInt32(), subscribed.GetProperty("error").GetProperty("code").GetInt32()));
        }

        var (listed, output) = await Cli(directory.Path, "list", "--user", "1");
        Assert.Equal(0, listed);
        Assert.Contains("10.0.0.0/8,192.168.0.0/16,2001:db8::/32", output, StringComparison.Ordinal);
        Assert.Contains("10.9.8.7,127.0.0.0/8", output, StringComparison.Ordinal);
        Assert.DoesNotContain(local.Secret, output, StringComparison.Ordinal);
        Assert.Equal(4, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Bad_key_settings_are_refused_by_the_cli_and_create_nothing()
    {
        using var directory = new TempDirectory();
        foreach (var bad in new[] { new[] { "--ip", "10.0.0.1/8" }, ["--ip", "10.1"], ["--ip", "300.1.1.1"], ["--ip", "fe80::1%eth0"],
            ["--ip", string.Join(',', Enumerable.Range(1, 31).Select(i => $"10.0.0.{i}"))], ["--permissions", "read,admin"], ["--permissions", ","] })
        {
            var (exitCode, output) = await Cli(directory.Path, ["create", "--user", "5", .. bad]);
            Assert.True(exitCode == 1, $"{string.Join(' ', bad)}: {output}");
            Assert.StartsWith("not created: ", output, StringComparison.Ordinal);
        }

        var (listed, keys) = await Cli(directory.Path, "list", "--user", "5");
        Assert.Equal((0, ""), (listed, keys.Trim()));
    }

    [Fact]
    public async Task A_read_only_key_reads_the_account_but_cannot_place_or_cancel_orders()
    {
        using var directory = new TempDirectory();
        var (server, alice, _) = await UserDataStreamTests.Start(directory);
        await using var _ = server;
        var readOnly = await CreateWithCli(directory.Path, 1, "--permissions", "read");
        var client = new BinanceClient(server.Http, readOnly.ApiKey, readOnly.Secret);

        var (status, account) = await UntilAnswered(() => client.SignedAsync(HttpMethod.Get, AccountPath, ""), 200);
        Assert.Equal(200, status);
        Assert.Equal(200, (await OpenListenKey(server, readOnly.ApiKey)).Status);
        AssertRejected(await client.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.1&price=95000", inBody: true));
        var (placed, order) = await alice.Client.SignedAsync(HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.1&price=95000", inBody: true);
        Assert.Equal(200, placed);
        AssertRejected(await client.SignedAsync(HttpMethod.Delete, "/api/v3/order", $"symbol=BTCUSDT&orderId={order.GetProperty("orderId").GetInt64()}"));
        var (_, after) = await client.SignedAsync(HttpMethod.Get, "/api/v3/openOrders", "symbol=BTCUSDT");
        Assert.Single(after.EnumerateArray());
        Assert.NotEqual(account.GetRawText(), (await client.SignedAsync(HttpMethod.Get, AccountPath, "")).Body.GetRawText());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_key_revoked_with_the_cli_stops_working_within_seconds_and_ends_its_streams(string provider)
    {
        using var directory = new TempDirectory();
        using var postgres = provider == "postgres" ? new Bourse.Store.Tests.PostgresServer() : null;
        string[] store = postgres is null ? [] : ["--Bourse:Store:Provider=postgres", $"--Bourse:Store:ConnectionString={postgres.CreateDatabase()}"];
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, alice, bob) = await UserDataStreamTests.Start(directory, time, store);
        await using var _ = server;
        var (_, opened) = await OpenListenKey(server, alice.ApiKey);
        await using var stream = await JsonWebSocket.ConnectAsync(server.BaseAddress, $"/ws/{opened.GetProperty("listenKey").GetString()}");
        await using var webSocketApi = await JsonWebSocket.ConnectAsync(server.BaseAddress, "/ws-api/v3");
        await webSocketApi.SendAsync(JsonWebSocket.SignedRequest("1", "userDataStream.subscribe.signature", alice.ApiKey, alice.Secret, clock: time));
        Assert.Equal(200, (await webSocketApi.ReceiveAsync()).GetProperty("status").GetInt32());

        // Bob cannot revoke Alice's key, and the CLI says no more than for a key that does not exist.
        var (wrongUser, wrongOutput) = await Cli(directory.Path, ["revoke", "--user", "2", "--key", alice.ApiKey, .. store]);
        var (unknown, unknownOutput) = await Cli(directory.Path, ["revoke", "--user", "2", "--key", new string('x', 64), .. store]);
        Assert.Equal((1, 1), (wrongUser, unknown));
        Assert.Equal(wrongOutput.Replace(alice.ApiKey, "K", StringComparison.Ordinal), unknownOutput.Replace(new string('x', 64), "K", StringComparison.Ordinal));
        Assert.Equal(200, (await alice.Client.SignedAsync(HttpMethod.Get, AccountPath, "")).Status);

        var (revoked, output) = await Cli(directory.Path, ["revoke", "--user", "1", "--key", alice.ApiKey, .. store]);
        Assert.True(revoked == 0, output);
        // Within seconds: the server's next poll of the key table, one refresh interval on its clock, sees it.
        time.Advance(ApiKeyStore.RefreshInterval);
        AssertRejected(await UntilAnswered(() => alice.Client.SignedAsync(HttpMethod.Get, AccountPath, ""), 401));

        Assert.Empty(await stream.ReceiveUntilClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, stream.CloseStatus);
        var terminated = await webSocketApi.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((0, "eventStreamTerminated"), (terminated.GetProperty("subscriptionId").GetInt32(),
            terminated.GetProperty("event").GetProperty("e").GetString()));
        AssertRejected(await OpenListenKey(server, alice.ApiKey));
        var again = await WebSocketSubscribe(server, new CreatedKey(alice.ApiKey, alice.Secret));
        Assert.Equal(-2015, again.GetProperty("error").GetProperty("code").GetInt32());

        // The revocation ended only Alice's key: Bob still trades, and the connection that lost its subscription still answers.
        Assert.Equal(200, (await bob.Client.SignedAsync(HttpMethod.Get, AccountPath, "")).Status);
        await webSocketApi.SendAsync("""{"id":"p","method":"ping"}""");
        Assert.Equal(200, (await webSocketApi.ReceiveAsync()).GetProperty("status").GetInt32());
        var (_, remaining) = await Cli(directory.Path, ["list", "--user", "1", .. store]);
        Assert.DoesNotContain(alice.ApiKey, remaining, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_work_after_a_restart_and_keys_from_an_old_api_keys_file_are_imported_once()
    {
        using var directory = new TempDirectory();

        // A data directory from before the identity database: keys in api-keys.json, secrets encrypted with its Data Protection keys.
        const string legacyKey = "LegacyKey0000000000000000000000000000000000000000000000000000001";
        const string legacySecret = "LegacySecret00000000000000000000000000000000000000000000000000001";
        var protectedSecret = Protection.For(directory.Path).CreateProtector("Bourse.ApiKeys.v1").Protect(legacySecret);
        var legacyFile = Path.Combine(directory.Path, "api-keys.json");
        await File.WriteAllTextAsync(legacyFile, JsonSerializer.Serialize(new[]
        {
            new { Key = legacyKey, UserId = 2L, Label = "old", Permissions = new[] { "read", "trade" }, ProtectedSecret = protectedSecret,
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-1) },
        }));

        var (first, alice, _) = await UserDataStreamTests.Start(directory);
        await using (first)
        {
            var legacy = new BinanceClient(first.Http, legacyKey, legacySecret);
            Assert.Equal(200, (await legacy.SignedAsync(HttpMethod.Get, AccountPath, "")).Status);
            Assert.Equal(200, (await alice.Client.SignedAsync(HttpMethod.Get, AccountPath, "")).Status);
            Assert.False(File.Exists(legacyFile));
            Assert.True(File.Exists(legacyFile + ".imported"));
            Assert.Equal(0, await first.StopAsync());
        }

        var (second, aliceAgain, _) = await UserDataStreamTests.Start(directory);
        await using var _ = second;
        Assert.Equal(alice.ApiKey, aliceAgain.ApiKey);
        Assert.Equal(200, (await aliceAgain.Client.SignedAsync(HttpMethod.Get, AccountPath, "")).Status);
        Assert.Equal(200, (await new BinanceClient(second.Http, legacyKey, legacySecret).SignedAsync(HttpMethod.Get, AccountPath, "")).Status);
        var (_, listed) = await Cli(directory.Path, "list", "--user", "2");
        Assert.Equal(2, listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
