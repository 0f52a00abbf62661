using Bourse.Store.Identity;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Bourse.Server.Email;

/// <summary>
/// Delivers the outbox over SMTP: due messages are claimed, sent over one connection per round and marked sent; a
/// failed message is retried with exponential backoff and given up after <see cref="EmailOptions.MaxAttempts"/>,
/// keeping its last error. Without an SMTP host it is the development sink: messages are marked delivered and only
/// their recipient and subject are logged. Bodies are never logged: they carry verification and reset tokens.
/// </summary>
public sealed partial class EmailSender(EmailOutbox outbox, IOptions<EmailOptions> options, IOptions<BourseOptions> server, TimeProvider time,
    ILogger<EmailSender> logger)
    : BackgroundService
{
    private const int BatchSize = 10;

    // A claimed message is not claimed again for this long, so a send that a crash interrupted is retried only later.
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(15);

    private readonly EmailOptions _options = options.Value;
    private readonly SqlEmailOutbox _store = outbox.Store;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.IsDevelopmentSink)
        {
            LogDevelopmentSink(logger);
        }
        else
        {
            LogSmtp(logger, _options.Smtp.Host!, _options.Smtp.Port, _options.Smtp.Security);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                wait = await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The outbox itself is unreachable: try again at the next poll.
                LogOutboxFailed(logger, e);
            }

            await outbox.WaitForMailAsync(wait, stoppingToken);
        }
    }

    /// <summary>Sends every due message; how long until the earliest retry this round scheduled (at most the poll interval).</summary>
    private async Task<TimeSpan> SendDueAsync(CancellationToken cancellationToken)
    {
        var wait = _options.PollInterval;
        using var smtp = new SmtpClient { Timeout = (int)_options.Smtp.Timeout.TotalMilliseconds };
        try
        {
            Exception? connectFailure = null;
            while (true)
            {
                var now = Now();
                var batch = _store.ClaimDue(now, BatchSize, now + (long)ClaimLease.TotalMilliseconds);
                foreach (var message in batch)
                {
                    if (_options.IsDevelopmentSink)
                    {
                        // Only the demo's mail page reads bodies back; anywhere else the links are erased with delivery.
                        _store.MarkSent(message.Id, Now(), keepBody: server.Value.Demo);
                        LogSunk(logger, message.Id, message.Recipient, message.Subject);
                        continue;
                    }

                    // Once the server cannot be reached this round, the rest of the batch fails the same way without waiting again.
                    if (connectFailure is null && !smtp.IsConnected)
                    {
                        try
                        {
                            await ConnectAsync(smtp, cancellationToken);
                        }
                        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                        {
                            connectFailure = e;
                        }
                    }

                    if (connectFailure is not null)
                    {
                        wait = Min(wait, Failed(message, connectFailure));
                        continue;
                    }

                    try
                    {
                        await smtp.SendAsync(Mime(message), cancellationToken);
                        _store.MarkSent(message.Id, Now());
                        LogSent(logger, message.Id, message.Recipient, message.Attempts);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        wait = Min(wait, Failed(message, e));
                        if (e is not SmtpCommandException)
                        {
                            // The connection is in an unknown state: start the next message on a fresh one.
                            await DisconnectAsync(smtp);
                        }
                    }
                }

                if (batch.Count < BatchSize)
                {
                    return wait;
                }
            }
        }
        finally
        {
            await DisconnectAsync(smtp);
        }
    }

    private async Task ConnectAsync(SmtpClient smtp, CancellationToken cancellationToken)
    {
        var security = _options.Smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await smtp.ConnectAsync(_options.Smtp.Host!, _options.Smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(_options.Smtp.Username))
        {
            await smtp.AuthenticateAsync(_options.Smtp.Username, _options.Smtp.Password ?? "", cancellationToken);
        }
    }

    private static async Task DisconnectAsync(SmtpClient smtp)
    {
        if (!smtp.IsConnected)
        {
            return;
        }

        try
        {
            await smtp.DisconnectAsync(quit: true);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            // Saying goodbye to a broken connection may fail; the client is closed either way.
        }
    }

    private MimeMessage Mime(OutboxEmail message)
    {
        var mime = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = message.Body } };
        mime.From.Add(MailboxAddress.Parse(_options.From));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        return mime;
    }

    /// <summary>Records a failed attempt: a retry after the backoff, or giving up on the last attempt. The wait until the retry.</summary>
    private TimeSpan Failed(OutboxEmail message, Exception error)
    {
        var description = Describe(error);
        if (message.Attempts >= _options.MaxAttempts)
        {
            _store.MarkGivenUp(message.Id, description, Now());
            LogGivenUp(logger, message.Id, message.Recipient, message.Attempts, description);
            return TimeSpan.MaxValue;
        }

        var delay = _options.RetryDelayAfter(message.Attempts);
        _store.MarkFailed(message.Id, description, Now() + (long)delay.TotalMilliseconds);
        LogRetrying(logger, message.Id, message.Recipient, message.Attempts, description, (long)delay.TotalMilliseconds);
        return delay;
    }

    /// <summary>What went wrong, for the outbox and the log: the SMTP reply code when the server answered.</summary>
    private static string Describe(Exception error) => error switch
    {
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Email: no SMTP host configured (Bourse:Email:Smtp:Host); development sink, mail is logged and marked delivered")]
    private static partial void LogDevelopmentSink(ILogger logger);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Email: sending through {Host}:{Port} ({Security})")]
    private static partial void LogSmtp(ILogger logger, string host, int port, SmtpSecurity security);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information,
        Message = "Development mail sink: email {Id} to {Recipient} with subject \"{Subject}\" was queued (not sent: no SMTP host)")]
    private static partial void LogSunk(ILogger logger, long id, string recipient, string subject);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Email {Id} to {Recipient} sent (attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, long id, string recipient, int attempt);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning,
        Message = "Email {Id} to {Recipient} failed (attempt {Attempt}): {Error}; retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, long id, string recipient, int attempt, string error, long delayMs);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error,
        Message = "Email {Id} to {Recipient} given up after {Attempts} attempts: {Error}")]
    private static partial void LogGivenUp(ILogger logger, long id, string recipient, int attempts, string error);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "Email outbox unreachable; retrying at the next poll")]
    private static partial void LogOutboxFailed(ILogger logger, Exception error);
}
