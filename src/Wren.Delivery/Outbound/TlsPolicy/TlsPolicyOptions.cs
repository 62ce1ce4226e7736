using System.Security.Cryptography.X509Certificates;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>Settings of the outbound TLS policy (MTA-STS and DANE).</summary>
public sealed class TlsPolicyOptions
{
    /// <summary>Apply the recipients' MTA-STS policies (RFC 8461).</summary>
    public bool EnableMtaSts { get; init; } = true;

    /// <summary>Apply DANE TLSA records (RFC 7672) when the DNS answers are DNSSEC-authenticated.</summary>
    public bool EnableDane { get; init; } = true;

    /// <summary>
    /// Folder where fetched MTA-STS policies are kept as JSON so they survive restarts (RFC 8461 §5.1 relies
    /// on senders remembering policies); null keeps them in memory only.
    /// </summary>
    public string? CacheFolder { get; init; }

    /// <summary>Upper bound on one policy fetch (connect, TLS, headers and body; RFC 8461 §3.3).</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Extra trust anchors for PKIX validation (the MTA-STS policy fetch and MTA-STS-verified MX hosts), in
    /// addition to the system's. For tests with their own CA or self-signed certificates; empty in production.
    /// Host names are still checked.
    /// </summary>
    public IReadOnlyList<X509Certificate2> ExtraTrustedRoots { get; init; } = [];

    /// <summary>The HTTPS port of <c>mta-sts.&lt;domain&gt;</c>: 443 (RFC 8461 §3.3); tests use an ephemeral one.</summary>
    public int MtaStsPort { get; init; } = 443;
}
