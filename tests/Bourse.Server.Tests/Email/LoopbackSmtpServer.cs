using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Bourse.Server.Tests.Email;

/// <summary>
/// A real SMTP server (the SmtpServer library) on a loopback port: it records every message it accepts, and refuses
/// recipients the test names with 550, counting each refusal. Given a login, it accepts mail only after AUTH with it.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly Func<string, bool> _refuses;
    private readonly SmtpLogin? _login;
    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer? _server;
    private Task _running = Task.CompletedTask;
    private int _refusals;

    private LoopbackSmtpServer(int port, Func<string, bool>? refuses, SmtpLogin? login)
    {
        Port = port;
        _refuses = refuses ?? (_ => false);
        _login = login;
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => _received;

    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>A server for a free port that is not listening yet.</summary>
    public static LoopbackSmtpServer OnFreePort(Func<string, bool>? refuses = null, SmtpLogin? login = null) => new(FreePort(), refuses, login);

    public static async Task<LoopbackSmtpServer> StartAsync(Func<string, bool>? refuses = null, SmtpLogin? login = null)
    {
        var server = OnFreePort(refuses, login);
        await server.ListenAsync();
        return server;
    }

    /// <summary>Starts listening and returns once the port accepts connections.</summary>
    public async Task ListenAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.loopback.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                .AuthenticationRequired(_login is not null)
                .AllowUnsecureAuthentication(_login is not null))
            .Build();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => listening.TrySetResult();
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add(new MessageRecorder(_received));
        services.Add(new RecipientFilter(this));
        if (_login is { } login)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) => user == login.User && password == login.Password));
        }
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RecipientFilter(LoopbackSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (!server._refuses($"{to.User}@{to.Host}"))
            {
                return Task.FromResult(true);
            }

            Interlocked.Increment(ref server._refusals);
            return Task.FromResult(false);
        }
    }

    private sealed class MessageRecorder(ConcurrentQueue<MimeMessage> received) : IMessageStore
    {
        public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
