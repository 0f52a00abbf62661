using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Conversions;

/// <summary>
/// Quotes issued and not yet forgotten, in memory: they live seconds, so a restart losing them only means asking
/// again. Accepting twice is stopped by the engine (the quote id is the convert's idempotency reference), not here.
/// </summary>
public sealed class ConvertQuoteBook(IOptions<ConvertOptions> options, TimeProvider time)
{
    // Kept a while past expiry so that a late accept is told "expired" rather than "unknown".
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<string, ConvertQuote> _quotes = new(StringComparer.Ordinal);
    private long _nextPrune;

    public ConvertQuote Issue(long userId, Core.Commands.ConvertPlan plan)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Prune(now);
        var quote = new ConvertQuote("CV" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)), userId, plan, now,
            now + (long)options.Value.QuoteLifetime.TotalMilliseconds);
        _quotes[quote.QuoteId] = quote;
        return quote;
    }

    /// <summary>The user's quote with this id; another user's quote is as unknown as a made-up one.</summary>
    public ConvertQuote? Find(long userId, string quoteId) =>
        _quotes.TryGetValue(quoteId, out var quote) && quote.UserId == userId ? quote : null;

    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Prune(long now)
    {
        var next = Interlocked.Read(ref _nextPrune);
        if (now < next || Interlocked.CompareExchange(ref _nextPrune, now + 10_000, next) != next)
        {
            return;
        }

        foreach (var (id, quote) in _quotes)
        {
            if (quote.ExpiresAt + (long)Grace.TotalMilliseconds < now)
            {
                _quotes.TryRemove(id, out _);
            }
        }
    }
}
