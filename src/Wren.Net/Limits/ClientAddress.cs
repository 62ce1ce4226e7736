using System.Net;
using System.Net.Sockets;

namespace Wren.Net.Limits;

/// <summary>The form of a client's IP address that per-client limits are keyed by.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// IPv4-mapped IPv6 addresses (RFC 4291 §2.5.5.2, as dual-stack sockets report IPv4 clients) become plain
    /// IPv4, and an IPv6 scope id is dropped, so one client always maps to one key.
    /// </summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            return new IPAddress(address.GetAddressBytes());
        }

        return address;
    }
}
