using System.Net;

namespace Wren.MailAuth.Spf;

/// <summary>One parsed mechanism of a record (RFC 7208 §4.6.1, §5).</summary>
/// <param name="Qualifier">The result when it matches: <c>+</c> pass (the default), <c>-</c> fail, <c>~</c> softfail, <c>?</c> neutral.</param>
/// <param name="Kind">Which mechanism.</param>
/// <param name="DomainSpec">The domain-spec, when one is given (include, a, mx, ptr, exists).</param>
/// <param name="Network">The network of ip4/ip6.</param>
/// <param name="Ip4Prefix">The IPv4 CIDR length (ip4, a, mx; 32 when absent).</param>
/// <param name="Ip6Prefix">The IPv6 CIDR length (ip6, a, mx; 128 when absent).</param>
internal sealed record SpfMechanism(
    SpfVerdict Qualifier,
    SpfMechanismKind Kind,
    SpfMacroString? DomainSpec = null,
    IPAddress? Network = null,
    int Ip4Prefix = 32,
    int Ip6Prefix = 128)
{
    /// <summary>RFC 7208 §4.6.4: these mechanisms query the DNS and count against the lookup limit.</summary>
    public bool QueriesDns => Kind is SpfMechanismKind.Include or SpfMechanismKind.A or SpfMechanismKind.Mx
        or SpfMechanismKind.Ptr or SpfMechanismKind.Exists;
}
