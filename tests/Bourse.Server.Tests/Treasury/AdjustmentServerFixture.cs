namespace Bourse.Server.Tests.Treasury;

/// <summary>
/// A demo server (no market maker) with three operators signed in — one to propose, two to decide — shared by the
/// adjustment tests of a class; each test signs up its own user to credit or debit.
/// </summary>
public sealed class AdjustmentServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public PlatformOperator Maker { get; private set; } = null!;

    public PlatformOperator Checker { get; private set; } = null!;

    public PlatformOperator OtherChecker { get; private set; } = null!;

    public static string[] Arguments(params string[] extra) =>
    [
        "--demo", "--Bourse:DemoMarketMaker=false", "--Bourse:Limits:AuthPerMinutePerIp=100000",
        .. extra,
    ];

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(_directory.Path, Arguments());
        Maker = await PlatformOperator.SignInAsync(Server, "maker@example.com");
        Checker = await PlatformOperator.SignInAsync(Server, "checker@example.com");
        OtherChecker = await PlatformOperator.SignInAsync(Server, "other-checker@example.com");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
