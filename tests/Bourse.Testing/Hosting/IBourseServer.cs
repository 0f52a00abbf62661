namespace Bourse.Testing.Hosting;

/// <summary>A running server a test talks to over real sockets, whether it runs in the test's process or its own.</summary>
public interface IBourseServer : IAsyncDisposable
{
    Uri BaseAddress { get; }

    HttpClient Http { get; }

    /// <summary>A client of the management listener (<c>/metrics</c>, <c>/health/*</c>), on its own loopback port.</summary>
    HttpClient Management { get; }

    string DataDirectory { get; }

    /// <summary>The server's clock (a test's fake one in process), which 2FA codes must be computed on.</summary>
    TimeProvider Time { get; }

    /// <summary>The server's log so far, one JSON object per line.</summary>
    string Output { get; }

    /// <summary>
    /// Makes <paramref name="email"/> an operator with <paramref name="roles"/> as <c>bourse admin create</c> does on the
    /// server's machine; returns the one-time setup link.
    /// </summary>
    Task<string> CreateOperatorAsync(string email, IReadOnlyList<string> roles);

    /// <summary>Stops the server gracefully (the engine drains and snapshots); the exit code, 0 when clean.</summary>
    Task<int> StopAsync();
}
