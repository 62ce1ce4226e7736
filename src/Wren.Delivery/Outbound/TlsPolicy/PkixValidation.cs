using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>
/// PKIX certificate validation as the system does it, optionally with extra trust anchors from
/// <see cref="TlsPolicyOptions.ExtraTrustedRoots"/>. Shared by the MTA-STS policy fetch and MTA-STS MX checks.
/// </summary>
internal static class PkixValidation
{
    /// <summary>
    /// Null when the certificate is valid, else why not. The name check is the TLS stack's
    /// (<see cref="SslPolicyErrors.RemoteCertificateNameMismatch"/>) and is never waived.
    /// </summary>
    public static string? Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors,
        IReadOnlyList<X509Certificate2> extraRoots, DateTimeOffset now)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return "no certificate presented";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return "certificate name does not match";
        if (errors == SslPolicyErrors.None)
            return null;
        if (extraRoots.Count == 0)
            return $"certificate chain not trusted ({ChainText(chain)})";

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(extraRoots.ToArray());
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (chain is not null)
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf) ? null : $"certificate chain not trusted ({ChainText(custom)})";
    }

    private static string ChainText(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain"
            : string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
}
