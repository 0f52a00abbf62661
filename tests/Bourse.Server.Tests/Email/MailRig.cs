using Bourse.Server.Email;
using Bourse.Store.Identity;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Tests.Email;

/// <summary>The outbox and a running sender over a fresh SQLite identity database, as the server wires them.</summary>
internal sealed class MailRig : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly IdentityDatabase _database;
    private readonly EmailSender _sender;

    private MailRig(EmailOptions options, TimeProvider time)
    {
        _database = IdentityDatabase.Open("sqlite", null, _directory.Path);
        Store = new SqlEmailOutbox(_database);
        Outbox = new EmailOutbox(Store, time);
        _sender = new EmailSender(Outbox, Options.Create(options), Options.Create(new BourseOptions()), time, Log);
    }

    public SqlEmailOutbox Store { get; }

    public EmailOutbox Outbox { get; }

    public RecordingLogger<EmailSender> Log { get; } = new();

    /// <summary>A rig sending to a plain-text SMTP server on a loopback port, retrying quickly.</summary>
    public static Task<MailRig> StartAsync(int smtpPort, Action<EmailOptions>? configure = null, TimeProvider? time = null) =>
        StartAsync(options =>
        {
            options.Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtpPort, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(5) };
            configure?.Invoke(options);
        }, time);

    /// <summary>A rig on <paramref name="time"/> (the system clock unless a test moves a fake one).</summary>
    public static async Task<MailRig> StartAsync(Action<EmailOptions> configure, TimeProvider? time = null)
    {
        var options = new EmailOptions
        {
            From = "Bourse <no-reply@bourse.test>",
            RetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            PollInterval = TimeSpan.FromMilliseconds(100),
        };
        configure(options);
        Assert.Null(options.Problem());
        var rig = new MailRig(options, time ?? TimeProvider.System);
        await rig._sender.StartAsync(CancellationToken.None);
        return rig;
    }

    public Task<OutboxEmail> SentAsync(long id) =>
        Eventually.UntilAsync(() => Store.Find(id) is { SentAt: not null } m ? m : null, () => $"email {id} sent\n{Log.Text}");

    public async ValueTask DisposeAsync()
    {
        await _sender.StopAsync(CancellationToken.None);
        _sender.Dispose();
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
