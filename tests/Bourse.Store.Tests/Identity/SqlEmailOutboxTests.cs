using Bourse.Store.Identity;

namespace Bourse.Store.Tests.Identity;

/// <summary>The email outbox on SQLite and on a real PostgreSQL: due messages are claimed once, then sent, retried or given up.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlEmailOutboxTests(PostgresServer postgres) : IDisposable
{
    private const long Now = 1_700_000_000_000;
    private readonly StoreFactory _stores = new(postgres);

    public static TheoryData<string> Providers => [SqlDialects.Sqlite, SqlDialects.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public void An_enqueued_message_is_due_at_once_and_claimed_with_its_content(string provider)
    {
        using var database = Open(provider);
        var outbox = new SqlEmailOutbox(database);

        var id = outbox.Enqueue("ann@example.com", "Verify your email", "Open https://bourse.test/verify?t=abc", Now);

        var claimed = Assert.Single(outbox.ClaimDue(Now, 10, Now + 60_000));
        Assert.Equal(new OutboxEmail(id, "ann@example.com", "Verify your email", "Open https://bourse.test/verify?t=abc", Now,
            Attempts: 1, NextAttemptAt: Now + 60_000, SentAt: null, GivenUpAt: null, LastError: null), claimed);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_claimed_message_is_not_claimed_again_until_its_lease_runs_out(string provider)
    {
        using var database = Open(provider);
        var outbox = new SqlEmailOutbox(database);
        var id = outbox.Enqueue("ann@example.com", "s", "b", Now);
        Assert.Single(outbox.ClaimDue(Now, 10, Now + 1_000));

        Assert.Empty(outbox.ClaimDue(Now + 999, 10, Now + 5_000));
        var again = Assert.Single(outbox.ClaimDue(Now + 1_000, 10, Now + 5_000));
        Assert.Equal((id, 2), (again.Id, again.Attempts));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Claims_take_the_oldest_due_first_up_to_the_limit_and_skip_what_is_not_yet_due(string provider)
    {
        using var database = Open(provider);
        var outbox = new SqlEmailOutbox(database);
        var first = outbox.Enqueue("a@example.com", "1", "b", Now);
        var second = outbox.Enqueue("b@example.com", "2", "b", Now + 1);
        var later = outbox.Enqueue("c@example.com", "3", "b", Now + 10_000);

        Assert.Equal([first, second], outbox.ClaimDue(Now + 5, 2, Now + 100_000).Select(m => m.Id));
        Assert.Empty(outbox.ClaimDue(Now + 5, 2, Now + 100_000));
        Assert.Equal([later], outbox.ClaimDue(Now + 10_000, 2, Now + 100_000).Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Bodies_with_their_links_are_erased_once_mailed_or_given_up(string provider)
    {
        using var database = Open(provider);
        var outbox = new SqlEmailOutbox(database);
        var sent = outbox.Enqueue("ann@example.com", "Reset", "https://bourse.test/reset?token=secret1", Now);
        var kept = outbox.Enqueue("ann@example.com", "Reset", "https://bourse.test/reset?token=secret2", Now);
        var refused = outbox.Enqueue("bob@example.com", "Reset", "https://bourse.test/reset?token=secret3", Now);
        outbox.ClaimDue(Now, 10, Now + 1_000);

        Assert.True(outbox.MarkSent(sent, Now + 10));
        Assert.True(outbox.MarkSent(kept, Now + 10, keepBody: true));
        Assert.True(outbox.MarkGivenUp(refused, "550 no such mailbox", Now + 10));
        Assert.Equal("", outbox.Find(sent)!.Body);
        Assert.Equal("https://bourse.test/reset?token=secret2", outbox.Find(kept)!.Body);
        Assert.Equal("", outbox.Find(refused)!.Body);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_sent_message_is_never_claimed_again(string provider)
    {
        using var database = Open(provider);
        var outbox = new SqlEmailOutbox(database);
        var id = outbox.Enqueue("ann@example.com", "s", "b", Now);
        outbox.ClaimDue(Now, 10, Now + 1_000);

        Assert.True(outbox.MarkSent(id, Now + 10));

        Assert.Empty(outbox.ClaimDue(Now + 1_000_000, 10, Now + 2_000_000));
        Assert.Equal(Now + 10, outbox.Find(id)!.SentAt);
        Assert.False(outbox.MarkSent(id, Now + 20));
        Assert.False(outbox.MarkFailed(id, "late", Now + 30));
        Assert.Equal(Now + 10, outbox.Find(id)!.SentAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_failed_attempt_keeps_its_error_and_is_due_again_at_the_retry_time(string provider)
    {
        using var database = Open(provider);
        var outbox = new SqlEmailOutbox(database);
        var id = outbox.Enqueue("ann@example.com", "s", "b", Now);
        outbox.ClaimDue(Now, 10, Now + 60_000);

        Assert.True(outbox.MarkFailed(id, "421 try later", Now + 500));

        Assert.Empty(outbox.ClaimDue(Now + 499, 10, Now + 60_000));
        var retried = Assert.Single(outbox.ClaimDue(Now + 500, 10, Now + 60_000));
        Assert.Equal((2, "421 try later"), (retried.Attempts, retried.LastError));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_given_up_message_keeps_its_last_error_and_is_never_claimed_or_sent(string provider)
    {
        using var database = Open(provider);
        var outbox = new SqlEmailOutbox(database);
        var id = outbox.Enqueue("ann@example.com", "s", "b", Now);
        outbox.ClaimDue(Now, 10, Now + 60_000);
        var error = "550 mailbox unavailable " + new string('x', 5_000);

        Assert.True(outbox.MarkGivenUp(id, error, Now + 7));

        Assert.Empty(outbox.ClaimDue(long.MaxValue / 2, 10, long.MaxValue / 2));
        var message = outbox.Find(id)!;
        Assert.Equal((Now + 7, (long?)null, 1), (message.GivenUpAt, message.SentAt, message.Attempts));
        Assert.StartsWith("550 mailbox unavailable", message.LastError, StringComparison.Ordinal);
        Assert.Equal(1_000, message.LastError!.Length);
        Assert.False(outbox.MarkSent(id, Now + 8));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Recent_lists_the_newest_first_for_one_recipient_ignoring_case_or_for_everyone(string provider)
    {
        using var database = Open(provider);
        var outbox = new SqlEmailOutbox(database);
        var first = outbox.Enqueue("Ann@Example.com", "1", "b", Now);
        var other = outbox.Enqueue("bob@example.com", "2", "b", Now);
        var second = outbox.Enqueue("ann@example.com", "3", "b", Now);

        Assert.Equal([second, first], (await outbox.RecentAsync(10, "ANN@example.com", CancellationToken.None)).Select(m => m.Id));
        Assert.Equal([second, other], (await outbox.RecentAsync(2, null, CancellationToken.None)).Select(m => m.Id));
        Assert.Empty(await outbox.RecentAsync(10, "carol@example.com", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Pending_messages_survive_reopening_the_database(string provider)
    {
        var location = _stores.NewLocation(provider);
        long id;
        using (var database = IdentityDatabase.Open(provider, location, Path.GetTempPath()))
        {
            id = new SqlEmailOutbox(database).Enqueue("ann@example.com", "s", "b", Now);
        }

        using var reopened = IdentityDatabase.Open(provider, location, Path.GetTempPath());
        Assert.Equal(id, Assert.Single(new SqlEmailOutbox(reopened).ClaimDue(Now, 10, Now + 1)).Id);
    }

    public void Dispose() => _stores.Dispose();

    private IdentityDatabase Open(string provider) => IdentityDatabase.Open(provider, _stores.NewLocation(provider), Path.GetTempPath());
}
