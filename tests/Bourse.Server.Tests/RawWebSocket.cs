using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Bourse.Server.Tests;

/// <summary>
/// A WebSocket client written on a bare TCP socket with a tiny receive buffer: it completes the upgrade and then
/// only does what the test says — so it can be a client that never reads or never answers a ping.
/// </summary>
public sealed class RawWebSocket : IDisposable
{
    private readonly TcpClient _tcp;

    private RawWebSocket(TcpClient tcp) => _tcp = tcp;

    public NetworkStream Stream => _tcp.GetStream();

    public static async Task<RawWebSocket> ConnectAsync(IBourseServer server, string path)
    {
        var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {path} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var header = new List<byte>();
        var one = new byte[1];
        while (!(header.Count >= 4 && header[^4] == '\r' && header[^3] == '\n' && header[^2] == '\r' && header[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("closed during the upgrade");
            }

            header.Add(one[0]);
        }

        var status = Encoding.ASCII.GetString([.. header]);
        if (!status.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new IOException($"upgrade refused: {status}");
        }

        return new RawWebSocket(tcp);
    }

    /// <summary>Sends one masked text frame (client frames must be masked).</summary>
    public async Task SendTextAsync(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        if (payload.Length > 125)
        {
            throw new ArgumentException("short frames only", nameof(text));
        }

        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new byte[2 + 4 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        await Stream.WriteAsync(frame);
    }

    /// <summary>Reads (and discards) until the server ends the TCP connection; false if it is still open at the timeout.</summary>
    public async Task<bool> WaitForServerToHangUpAsync(TimeSpan timeout, List<byte>? opcodes = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var read = await Stream.ReadAsync(buffer, cts.Token);
                if (read == 0)
                {
                    return true;
                }

                opcodes?.Add((byte)(buffer[0] & 0x0F));
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _tcp.Dispose();
}
