namespace Wren.Testing.Dns;

/// <summary>The record types the test zone knows (RFC 1035 §3.2.2, RFC 3596, RFC 6698 values).</summary>
public enum DnsType : ushort
{
    /// <summary>IPv4 address.</summary>
    A = 1,
    /// <summary>Alias.</summary>
    Cname = 5,
    /// <summary>Reverse pointer.</summary>
    Ptr = 12,
    /// <summary>Mail exchanger.</summary>
    Mx = 15,
    /// <summary>Text strings.</summary>
    Txt = 16,
    /// <summary>IPv6 address.</summary>
    Aaaa = 28,
    /// <summary>DANE certificate association.</summary>
    Tlsa = 52,
}

/// <summary>One query the zone answered (or was asked and dropped), for tests that count or inspect them.</summary>
/// <param name="Name">The asked name, lower case, without trailing dot.</param>
/// <param name="Type">The asked type (a number outside <see cref="DnsType"/> for other types).</param>
/// <param name="OverTcp">Asked over TCP (after a truncated UDP answer, typically).</param>
/// <param name="DnssecOk">The query had EDNS with the DO bit set.</param>
public sealed record TestDnsQuery(string Name, DnsType Type, bool OverTcp, bool DnssecOk);
