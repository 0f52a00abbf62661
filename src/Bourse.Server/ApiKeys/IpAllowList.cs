using System.Globalization;
using System.Net;

namespace Bourse.Server.ApiKeys;

/// <summary>
/// The addresses a key may be used from: single addresses and CIDR ranges, parsed strictly (a range's address must
/// be its network address, IPv4 in dotted-quad form, no zone ids) so what is stored is exactly what is enforced. An
/// empty list allows every address.
/// </summary>
public sealed class IpAllowList
{
    public const int MaxEntries = 30;

    private readonly IPNetwork[] _networks;

    private IpAllowList(IPNetwork[] networks, string[] entries)
    {
        _networks = networks;
        Entries = entries;
    }

    public static IpAllowList Any { get; } = new([], []);

    /// <summary>The entries in canonical form, as stored and shown.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>Parses the entries; null with <paramref name="error"/> set (an <see cref="ApiKeyErrors"/> code) when one is invalid or there are too many.</summary>
    public static IpAllowList? Parse(IEnumerable<string> entries, out string? error)
    {
        ArgumentNullException.ThrowIfNull(entries);
        error = null;
        var networks = new List<IPNetwork>();
        foreach (var raw in entries)
        {
            var entry = raw?.Trim() ?? "";
            if (entry.Length == 0)
            {
                continue;
            }

            if (ParseEntry(entry) is not { } network)
            {
                error = ApiKeyErrors.InvalidIpAllowList;
                return null;
            }

            if (!networks.Contains(network))
            {
                networks.Add(network);
            }

            if (networks.Count > MaxEntries)
            {
                error = ApiKeyErrors.TooManyIps;
                return null;
            }
        }

        return new IpAllowList([.. networks], [.. networks.Select(Format)]);
    }

    /// <summary>Entries read back from the store, which were validated when the key was created.</summary>
    public static IpAllowList FromStored(IEnumerable<string> entries) =>
        Parse(entries, out _) ?? throw new InvalidOperationException("An API key's stored IP allow-list does not parse.");

    /// <summary>Whether a request from <paramref name="address"/> may use the key; an unknown address passes only an empty list.</summary>
    public bool Allows(IPAddress? address)
    {
        if (_networks.Length == 0)
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

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork? ParseEntry(string entry)
    {
        if (entry.Contains('%', StringComparison.Ordinal) || entry.Length > 64)
        {
            return null;
        }

        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? entry : entry[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || !IsCanonicalIpv4(address, addressText))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return null;
        }

        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (slash < 0)
        {
            return new IPNetwork(address, bits);
        }

        var prefixText = entry[(slash + 1)..];
        if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit)
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > bits)
        {
            return null;
        }

        // A range is written as its network: 10.0.0.1/8 is refused, not silently widened to 10.0.0.0/8.
        return IPNetwork.TryParse(entry, out var network) && network.PrefixLength == prefix && network.BaseAddress.Equals(address) ? network : null;
    }

    /// <summary>IPAddress.TryParse also takes "10.1" and "0x7f.1"; for IPv4 only the dotted quad it prints back is accepted.</summary>
    private static bool IsCanonicalIpv4(IPAddress address, string text) =>
        address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || address.ToString() == text;

    private static string Format(IPNetwork network) =>
        network.PrefixLength == (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            ? network.BaseAddress.ToString()
            : network.ToString();
}
