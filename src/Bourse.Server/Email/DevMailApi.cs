using Bourse.Identity;
using Bourse.Store.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bourse.Server.Email;

/// <summary>
/// Demo mode only: the mail the server sent, bodies included, so the web UI and tests can follow verification and
/// reset links without a mailbox. Never mapped otherwise: the bodies hold live tokens. 'to' may be spelled with an
/// internationalized domain: mail is stored to its punycode form.
/// </summary>
public static class DevMailApi
{
    private const int Limit = 50;

    public static IEndpointRouteBuilder MapDevMailApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dev/mail", RecentMail)
            .WithName("DevMail")
            .WithSummary("Recent outgoing mail, newest first, optionally to one address (demo mode only)")
            .WithTags("Development");
        return app;
    }

    private static async Task<Ok<DevMail[]>> RecentMail(string? to, SqlEmailOutbox outbox, HttpContext context) =>
        TypedResults.Ok((await outbox.RecentAsync(Limit, string.IsNullOrWhiteSpace(to) ? null : EmailAddresses.ForDelivery(to) ?? to.Trim(), context.RequestAborted).ConfigureAwait(false))
            .Select(m => new DevMail(m.Id, m.Recipient, m.Subject, m.Body, DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAt),
                m.SentAt is { } sent ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : null))
            .ToArray());
}
