namespace Wren.Mail.Dns;

/// <summary>Settings of <see cref="DnsClientResolver"/>.</summary>
public sealed class DnsClientResolverOptions
{
    /// <summary>
    /// Recursive resolvers to ask, in order, as <c>address:port</c> (<c>192.0.2.53:53</c>, <c>[2001:db8::53]:53</c>;
    /// the port defaults to 53). Empty: the system's resolvers. DANE needs a validating resolver here, since
    /// <see cref="DnsLookup{T}.Authenticated"/> only reports the resolver's AD bit.
    /// </summary>
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>How long one query to one server may take before it counts as lost.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a lost query is sent again to the same server before the next one is tried.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>
    /// Keep answers in memory for their TTL. Off by default: the recursive resolver in front of Wren already
    /// caches, and a second cache only adds staleness (and hides zone changes from tests).
    /// </summary>
    public bool UseCache { get; init; }
}
