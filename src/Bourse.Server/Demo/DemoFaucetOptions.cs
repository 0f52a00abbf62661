namespace Bourse.Server.Demo;

/// <summary>
/// What the demo faucet gives each account once: asset code → decimal amount (<c>Bourse:DemoFaucet:SOL=100</c>).
/// When nothing is configured, 100 SOL and 10,000 USDT. A sibling of <c>Bourse:Demo</c> rather than a child of it,
/// because appsettings.json cannot make <c>Demo</c> both the on/off switch and a section.
/// </summary>
public sealed class DemoFaucetOptions
{
    public const string Section = "Bourse:DemoFaucet";

    private static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SOL"] = "100",
        ["USDT"] = "10000",
    };

    public required IReadOnlyDictionary<string, string> Amounts { get; init; }

    public static DemoFaucetOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetSection(Section).GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!.Trim(), StringComparer.Ordinal);
        return new DemoFaucetOptions { Amounts = configured.Count > 0 ? configured : Defaults };
    }
}
