namespace Wren.Delivery.Outbound.Routing;

/// <summary>Which address family a host's addresses are tried in first (or only).</summary>
public enum AddressOrder
{
    /// <summary>IPv4 addresses, then IPv6 (the default).</summary>
    Ipv4First,

    /// <summary>IPv6 addresses, then IPv4.</summary>
    Ipv6First,

    /// <summary>IPv6 and IPv4 alternating, IPv6 first (as RFC 8305 §4 orders them), so a broken path costs one attempt.</summary>
    Interleaved,

    /// <summary>Only IPv4; AAAA records are not looked up (for hosts without IPv6 connectivity).</summary>
    Ipv4Only,

    /// <summary>Only IPv6; A records are not looked up.</summary>
    Ipv6Only,
}
