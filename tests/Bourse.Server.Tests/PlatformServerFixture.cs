namespace Bourse.Server.Tests;

/// <summary>One real server (no demo data) shared by the tests of a class; tests create their own users on it.</summary>
public sealed class PlatformServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public PlatformClient Client { get; private set; } = null!;

    // Generous auth limits: these tests sign in many times from one IP; the limit itself has its own test.
    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(_directory.Path, "--Bourse:Limits:AuthPerMinutePerIp=100000");
        Client = new PlatformClient(Server.Http);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>A fresh, unique email for one test.</summary>
    public static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";
}
