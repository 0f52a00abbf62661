namespace Bourse.Server.Tests;

/// <summary>
/// One real demo server (demo markets, alice and bob funded, no market maker) shared by the tests of a class, with the
/// demo traders and an operator (for reconciliation) signed in. Tests that need a clean account sign up their own user on it.
/// </summary>
public sealed class DemoServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public PlatformClient Client { get; private set; } = null!;

    public PlatformTrader Alice { get; private set; } = null!;

    public PlatformTrader Bob { get; private set; } = null!;

    public PlatformOperator Operator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(_directory.Path, "--demo", "--Bourse:DemoMarketMaker=false", "--Bourse:Limits:AuthPerMinutePerIp=100000");
        Client = new PlatformClient(Server.Http);
        Alice = await PlatformTrader.SignInAsync(Server, "alice");
        Bob = await PlatformTrader.SignInAsync(Server, "bob");
        Operator = await PlatformOperator.SignInAsync(Server);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Signs up a new (empty) user and signs in.</summary>
    public async Task<(PlatformTrader Trader, Tokens Tokens, string Email)> NewUserAsync(string name)
    {
        var email = PlatformServerFixture.NewEmail(name);
        var tokens = await Client.NewUserAsync(email);
        return (new PlatformTrader(Server.Http, tokens.AccessToken), tokens, email);
    }
}
