using System.Net.Security;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>
/// The TLS rules for one connection to one MX host. Create one per connection attempt: <see cref="Validation"/>
/// records in <see cref="ValidationFailure"/> why it last refused (or, in MTA-STS testing, tolerated) a certificate.
/// </summary>
/// <param name="Requirement">How much TLS is needed; anything but <see cref="TlsRequirement.Opportunistic"/> forbids plaintext.</param>
/// <param name="HostAllowed">False: do not connect to this host now (see <see cref="Deferred"/>).</param>
/// <param name="Deferred">With <see cref="HostAllowed"/> false: true when the refusal is temporary (a failed TLSA lookup, RFC 7672 §2.2.1), false when the policy excludes the host (MTA-STS enforce, RFC 8461 §4.1).</param>
/// <param name="Validation">The certificate check to give to the TLS client.</param>
/// <param name="Description">The policy in words, for logs and DSNs (e.g. "TLS policy: DANE (2 usable TLSA records)").</param>
public sealed record HostTlsPolicy(TlsRequirement Requirement, bool HostAllowed, bool Deferred,
    RemoteCertificateValidationCallback Validation, string Description)
{
    internal CertificateCheck? Check { get; init; }

    /// <summary>True when the connection must use TLS (STARTTLS missing or failing means: not this host).</summary>
    public bool RequiresTls => Requirement != TlsRequirement.Opportunistic;

    /// <summary>
    /// Why <see cref="Validation"/> last rejected (or in MTA-STS testing mode, only logged) the server's
    /// certificate, worded for a DSN, e.g. "TLS policy: certificate does not match TLSA"; null if none.
    /// </summary>
    public string? ValidationFailure => Check?.Failure;
}
