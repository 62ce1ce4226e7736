namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>How much TLS a delivery to one MX host needs.</summary>
public enum TlsRequirement
{
    /// <summary>Use STARTTLS when offered, accept any certificate, fall back to plaintext (RFC 7435).</summary>
    Opportunistic,

    /// <summary>TLS is mandatory with a PKIX-valid certificate for the MX name (MTA-STS enforce, RFC 8461 §4.2).</summary>
    Verified,

    /// <summary>TLS is mandatory and the certificate must match the host's TLSA records (RFC 7672 §2.2).</summary>
    Dane,
}
