namespace Bourse.Testing;

/// <summary>
/// The one way a test waits for something another thread or process does: check a condition every few milliseconds
/// until it holds, failing with a description after a generous timeout. The timeout only bounds a broken run; a passing
/// run never waits for it, so nothing here is a timing assertion.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>The first non-null value <paramref name="probe"/> returns.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, Func<string>? what = null, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await probe().ConfigureAwait(false) is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {(timeout ?? DefaultTimeout).TotalSeconds} s: {what?.Invoke() ?? "the condition"}");
            }

            await Task.Delay(Interval).ConfigureAwait(false);
        }
    }

    /// <summary>The first non-null value <paramref name="probe"/> returns.</summary>
    public static Task<T> UntilAsync<T>(Func<T?> probe, Func<string>? what = null, TimeSpan? timeout = null)
        where T : class =>
        UntilAsync(() => Task.FromResult(probe()), what, timeout);

    /// <summary>Returns once <paramref name="condition"/> holds.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, Func<string>? what = null, TimeSpan? timeout = null) =>
        UntilAsync(async () => await condition().ConfigureAwait(false) ? Holds : null, what, timeout);

    /// <summary>Returns once <paramref name="condition"/> holds.</summary>
    public static Task UntilAsync(Func<bool> condition, Func<string>? what = null, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition() ? Holds : null), what, timeout);

    /// <summary>The first value <paramref name="probe"/> returns that <paramref name="accept"/> takes.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, Func<T, string>? what = null, TimeSpan? timeout = null)
    {
        var last = default(T)!;
        await UntilAsync(async () =>
        {
            last = await probe().ConfigureAwait(false);
            return accept(last);
        }, () => what?.Invoke(last) ?? $"last value {last}", timeout).ConfigureAwait(false);
        return last;
    }

    private static readonly object Holds = new();
}
