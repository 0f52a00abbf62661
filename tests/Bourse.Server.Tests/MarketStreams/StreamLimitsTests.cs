using System.Globalization;
using System.Text.RegularExpressions;

namespace Bourse.Server.Tests.MarketStreams;

/// <summary>What protects the server from clients that do not keep up or do not answer: slow-consumer drops and pings.</summary>
public class StreamLimitsTests
{
    [Fact]
    public async Task One_ip_holds_at_most_the_configured_number_of_websocket_connections()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:WebSocketConnectionsPerIp=2");
        var first = await StreamClient.ConnectAsync(server, "/ws/btcusdt@trade");
        await using var second = await StreamClient.ConnectAsync(server, "/ws-api/v3");

        using var third = new System.Net.WebSockets.ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() =>
            third.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/stream?streams=btcusdt@trade"), CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, third.HttpStatusCode);

        // Closing one frees its slot.
        await first.Socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await first.DisposeAsync();
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                await using var again = await StreamClient.ConnectAsync(server, "/ws/0");
                return true;
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                return false;
            }
        }, () => "a connection in the freed slot");
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_while_another_keeps_receiving()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo",
            "--Bourse:Streams:OutboundQueueMessages=64", "--Bourse:Streams:SlowConsumerCloseGrace=00:00:01");
        var markets = new[] { "btcusdt", "ethusdt", "ltcusdt", "solusdt", "ethbtc" };
        var heavy = string.Join('/', markets.SelectMany(m => new[] { $"{m}@depth20@100ms", $"{m}@depth10@100ms", $"{m}@depth5@100ms", $"{m}@depth@100ms" }));
        // The healthy client follows one light stream: 64 queued messages are seconds of slack even on a busy machine.
        await using var healthy = await StreamClient.ConnectAsync(server, "/stream?streams=btcusdt@depth5@100ms");
        using var slow = await RawWebSocket.ConnectAsync(server, "/stream?streams=" + heavy);

        var received = 0;
        await Eventually.UntilAsync(async () =>
        {
            if (await Dropped(server) != 0)
            {
                return true;
            }

            await healthy.ReceiveAsync();
            received++;
            return false;
        }, () => "the slow client was never dropped", TimeSpan.FromSeconds(60));

        Assert.True(await slow.WaitForServerToHangUpAsync(TimeSpan.FromSeconds(30)), "the dropped client's socket stayed open");
        var afterDrop = 0;
        while (afterDrop < 20)
        {
            await healthy.ReceiveAsync(TimeSpan.FromSeconds(5));
            afterDrop++;
        }

        Assert.Equal(1, await Dropped(server));
        Assert.True(received > 0);
    }

    [Fact]
    public async Task A_client_that_never_answers_pings_is_dropped_and_one_that_does_stays()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Streams:PingInterval=00:00:00.300", "--Bourse:Streams:PongTimeout=00:00:01");
        await using var answering = await StreamClient.ConnectAsync(server, "/ws/btcusdt@trade");
        using var silent = await RawWebSocket.ConnectAsync(server, "/ws/btcusdt@trade");

        // ClientWebSocket answers pings while a receive is pending, as every streaming client keeps one.
        var reply = answering.ReceiveAsync(TimeSpan.FromSeconds(30));
        var opcodes = new List<byte>();
        Assert.True(await silent.WaitForServerToHangUpAsync(TimeSpan.FromSeconds(15), opcodes), "a connection that never pongs stayed open");
        Assert.Contains((byte)0x9, opcodes); // it was pinged first

        // Still open and serving well past the timeout: long enough for another silent client to be pinged and dropped.
        using (var later = await RawWebSocket.ConnectAsync(server, "/ws/btcusdt@trade"))
        {
            Assert.True(await later.WaitForServerToHangUpAsync(TimeSpan.FromSeconds(15)), "a later connection that never pongs stayed open");
        }

        await answering.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":1}""");
        Assert.Equal("""{"result":["btcusdt@trade"],"id":1}""", (await reply).GetRawText());
    }

    [Fact]
    public async Task Metrics_report_open_stream_connections()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        await using (var first = await StreamClient.ConnectAsync(server, "/ws/btcusdt@trade"))
        await using (var second = await StreamClient.ConnectAsync(server, "/stream?streams=btcusdt@trade"))
        {
            await first.RequestAsync("""{"method":"LIST_SUBSCRIPTIONS","id":1}""", 1);
            await second.RequestAsync("""{"method":"LIST_SUBSCRIPTIONS","id":1}""", 1);
            Assert.Equal(2, await Gauge(server, "bourse_ws_connections"));
        }

        await Eventually.UntilAsync(async () => await Gauge(server, "bourse_ws_connections") == 0, () => "closed connections are still counted");
    }

    private static async Task<double> Dropped(IBourseServer server) => await Gauge(server, "bourse_ws_slow_consumers_dropped_total");

    private static async Task<double> Gauge(IBourseServer server, string name)
    {
        var text = await server.Management.GetStringAsync("/metrics");
        var match = Regex.Match(text, $"^{name} ([0-9.e+]+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
