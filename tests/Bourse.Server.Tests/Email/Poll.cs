namespace Bourse.Server.Tests.Email;

internal static class Poll
{
    /// <summary>The first non-null value <paramref name="probe"/> returns, checked every 20 ms; fails after the timeout.</summary>
    public static async Task<T> UntilAsync<T>(Func<T?> probe, Func<string> what, int timeoutSeconds = 20)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {timeoutSeconds} s: {what()}");
            }

            await Task.Delay(20);
        }
    }

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, Func<string> what, int timeoutSeconds = 20)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {timeoutSeconds} s: {what()}");
            }

            await Task.Delay(50);
        }
    }
}
