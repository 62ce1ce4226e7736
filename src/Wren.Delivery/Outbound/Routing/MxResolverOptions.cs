namespace Wren.Delivery.Outbound.Routing;

/// <summary>Limits and preferences of <see cref="MxResolver"/>.</summary>
public sealed class MxResolverOptions
{
    /// <summary>At most this many MX hosts are kept (the lowest preferences), so a huge MX set costs bounded lookups.</summary>
    public int MaxMxHosts { get; init; } = 10;

    /// <summary>At most this many addresses are kept per host, after ordering.</summary>
    public int MaxAddressesPerHost { get; init; } = 5;

    /// <summary>
    /// The address family order. IPv4 first by default: a sender's IPv6 addresses more often lack the reverse DNS
    /// and SPF coverage that large receivers demand of IPv6 senders, and a server without an IPv6 route would
    /// waste an attempt on every host. <see cref="AddressOrder.Interleaved"/> suits a well set-up dual-stack server.
    /// </summary>
    public AddressOrder AddressOrder { get; init; } = AddressOrder.Ipv4First;

    /// <summary>
    /// This server's own host names (compared case-insensitively). RFC 5321 §5.1: when one of them is an MX of
    /// the domain, MX hosts of that preference or higher are dropped, so mail is never sent to ourselves.
    /// </summary>
    public IReadOnlyCollection<string> LocalHostNames { get; init; } = [];
}
