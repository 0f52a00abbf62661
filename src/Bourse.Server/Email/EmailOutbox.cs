using System.Threading.Channels;
using Bourse.Store.Identity;
using MimeKit;

namespace Bourse.Server.Email;

/// <summary>
/// Where the server sends mail from: a message is stored in the outbox (so it survives an SMTP outage or a restart)
/// and the <see cref="EmailSender"/> is woken to deliver it.
/// </summary>
public sealed class EmailOutbox(SqlEmailOutbox store, TimeProvider time)
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public SqlEmailOutbox Store => store;

    /// <summary>Queues a plain-text message to one address without blocking the caller on the database; its outbox id. Throws if the address is not one.</summary>
    public async Task<long> EnqueueAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var id = await store.EnqueueAsync(Recipient(to), subject, body, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        _wake.Writer.TryWrite(true);
        return id;
    }

    /// <summary>The trimmed address; throws if it is not one.</summary>
    private static string Recipient(string to)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (!MailboxAddress.TryParse(to, out var address) || address.Address != to.Trim() || !to.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{to}' is not an email address.", nameof(to));
        }

        return to.Trim();
    }

    /// <summary>Returns when mail is enqueued in this process or after <paramref name="timeout"/>, whichever is first.</summary>
    internal async Task WaitForMailAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var elapsed = new CancellationTokenSource(timeout, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, elapsed.Token);
        try
        {
            await _wake.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: time to look for retries that have come due.
        }
    }
}
