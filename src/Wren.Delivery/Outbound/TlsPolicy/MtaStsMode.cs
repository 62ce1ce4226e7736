namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>The <c>mode</c> of an MTA-STS policy (RFC 8461 §3.2, §5).</summary>
public enum MtaStsMode
{
    /// <summary><c>enforce</c>: deliver only to matching MX hosts over TLS with a valid certificate.</summary>
    Enforce,

    /// <summary><c>testing</c>: deliver anyway; failures are only reported (logged).</summary>
    Testing,

    /// <summary><c>none</c>: the domain withdrew its policy; behave as if there were none.</summary>
    None,
}
