using System.Net;

namespace Bourse.Server.Http;

/// <summary>
/// Settings of the back office (<c>Bourse:Admin</c>): the idle timeout of sessions whose tokens carry operator roles,
/// and the networks <c>/api/v1/admin</c> answers (none listed: every network).
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Bourse:Admin";

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = [];

    /// <summary>Reads the section; an entry that is not an address or CIDR network, or a timeout that is not positive, refuses the start.</summary>
    public static AdminOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var idle = TimeSpan.FromMinutes(15);
        if (section["IdleTimeout"] is { Length: > 0 } idleText &&
            (!TimeSpan.TryParse(idleText, System.Globalization.CultureInfo.InvariantCulture, out idle) || idle <= TimeSpan.Zero))
        {
            throw new StartRefusedException($"{Section}:IdleTimeout must be a positive time span such as 00:15:00, not '{idleText}'.");
        }

        // A list (AllowedNetworks:0, :1, …) or one comma-separated value.
        var entries = section.GetSection("AllowedNetworks").GetChildren().Select(c => c.Value).Append(section["AllowedNetworks"])
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            networks.Add(ParseNetwork(entry)
                ?? throw new StartRefusedException($"{Section}:AllowedNetworks: '{entry}' is not an address or a CIDR network such as 10.0.0.0/8."));
        }

        return new AdminOptions { IdleTimeout = idle, AllowedNetworks = networks };
    }

    /// <summary>Whether <paramref name="address"/> may reach the admin API.</summary>
    public bool Allows(IPAddress? address)
    {
        if (AllowedNetworks.Count == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return AllowedNetworks.Any(n => n.Contains(address));
    }

    private static IPNetwork? ParseNetwork(string entry)
    {
        if (!entry.Contains('/', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(entry, out var single)
                ? new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
                : null;
        }

        return IPNetwork.TryParse(entry, out var network) ? network : null;
    }
}
