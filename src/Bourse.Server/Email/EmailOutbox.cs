using System.Threading.Channels;
using Bourse.Identity;
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
        var recipient = Recipient(to) ?? throw new ArgumentException($"'{to}' is not an email address.", nameof(to));
        var id = await store.EnqueueAsync(recipient, subject, body, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        _wake.Writer.TryWrite(true);
        return id;
    }

    /// <summary>Whether <see cref="EnqueueAsync"/> takes this address.</summary>
    public static bool Accepts(string to) => Recipient(to) is not null;

    /// <summary>
    /// The address in the form SMTP takes (<see cref="EmailAddresses.ForDelivery"/>: an internationalized domain in
    /// punycode), which the sender's MIME parser reads back unchanged; null if it is not one.
    /// </summary>
    private static string? Recipient(string? to) =>
        EmailAddresses.ForDelivery(to) is { } address && MailboxAddress.TryParse(address, out var parsed)
            && string.Equals(parsed.GetAddress(idnEncode: true), address, StringComparison.OrdinalIgnoreCase) ? address : null;

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
