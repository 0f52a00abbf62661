namespace Bourse.Server;

/// <summary>The server's own settings, bound from configuration (appsettings.json, BOURSE_ environment variables, flags).</summary>
public sealed class BourseOptions
{
    public const string Section = "Bourse";

    /// <summary>Where the command log, snapshots and the store live. Flag: --data-dir.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Seed demo markets and traders and run a market maker. Flag: --demo.</summary>
    public bool Demo { get; set; }

    /// <summary>In demo mode, whether the market maker runs (tests that need a quiet book turn it off).</summary>
    public bool DemoMarketMaker { get; set; } = true;

    /// <summary>Engine roles this process runs; "all" runs everything in one process.</summary>
    public string Roles { get; set; } = "all";
}
