using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Wren.Mail.Dns;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>
/// The certificate validation behind one <see cref="HostTlsPolicy"/>; it remembers why it failed, so the
/// caller can put the reason in a bounce.
/// </summary>
internal sealed class CertificateCheck
{
    private readonly Func<X509Certificate?, X509Chain?, SslPolicyErrors, string?> _check;
    private readonly bool _enforce;
    private readonly ILogger? _logger;
    private readonly string _host;

    private CertificateCheck(Func<X509Certificate?, X509Chain?, SslPolicyErrors, string?> check, bool enforce, string host, ILogger? logger)
    {
        _check = check;
        _enforce = enforce;
        _host = host;
        _logger = logger;
    }

    /// <summary>Why the last validation failed, prefixed "TLS policy: "; null when it passed or never ran.</summary>
    public string? Failure { get; private set; }

    /// <summary>RFC 7435: any certificate, even none valid, beats plaintext, so everything is accepted.</summary>
    public static CertificateCheck AcceptAny(string host) => new((_, _, _) => null, enforce: true, host, null);

    /// <summary>PKIX validation against the MX name (RFC 8461 §4.2); with <paramref name="enforce"/> false failures are only logged.</summary>
    public static CertificateCheck Pkix(string host, bool enforce, TlsPolicyOptions options, TimeProvider time, ILogger logger) =>
        new((certificate, chain, errors) => PkixValidation.Check(certificate, chain, errors, options.ExtraTrustedRoots, time.GetUtcNow()),
            enforce, host, logger);

    /// <summary>DANE: the certificate must match the TLSA records (RFC 7672 §3); PKIX errors are irrelevant.</summary>
    public static CertificateCheck Dane(string host, IReadOnlyList<string> referenceNames, IReadOnlyList<TlsaRecord> records, TimeProvider time, ILogger logger) =>
        new((certificate, chain, _) => DaneFailure(certificate, chain, referenceNames, records, time), enforce: true, host, logger);

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        string? failure = _check(certificate, chain, errors);
        Failure = failure is null ? null : "TLS policy: " + failure;
        if (failure is null)
            return true;
        if (!_enforce)
        {
            // RFC 8461 §5: in testing mode a failure is reported, never acted on.
            _logger?.LogWarning("MTA-STS testing: {Host} would fail: {Failure}", _host, failure);
            return true;
        }
        _logger?.LogWarning("TLS policy rejects {Host}: {Failure}", _host, failure);
        return false;
    }

    private static string? DaneFailure(X509Certificate? certificate, X509Chain? chain, IReadOnlyList<string> referenceNames,
        IReadOnlyList<TlsaRecord> records, TimeProvider time)
    {
        if (certificate is null)
            return "no certificate presented";
        X509Certificate2 leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        // The server's chain: the TLS stack puts the certificates it received into the chain's ExtraStore;
        // the built elements are added too, in case a platform only fills those.
        var presented = new List<X509Certificate2>();
        if (chain is not null)
        {
            presented.AddRange(chain.ChainPolicy.ExtraStore);
            foreach (X509ChainElement element in chain.ChainElements)
                presented.Add(element.Certificate);
        }
        presented = presented.DistinctBy(c => c.Thumbprint).ToList();
        TlsaVerification result = TlsaVerifier.Verify(records, leaf, presented, referenceNames, time.GetUtcNow());
        return result.Matched ? null : result.Reason;
    }
}
