using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wren.Net.Tls;

/// <summary>Creates the self-signed server certificate used when none is configured.</summary>
internal static class SelfSignedCertificate
{
    /// <summary>How long a new certificate is valid.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    // Tolerates clients whose clocks run a little behind.
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1"; // RFC 5280 §4.2.1.12: id-kp-serverAuth

    /// <summary>
    /// An RSA 2048 certificate (the key type every TLS 1.2 client accepts) for <paramref name="hostName"/>,
    /// valid from <paramref name="now"/> for <see cref="Validity"/>, usable for server authentication only.
    /// </summary>
    public static X509Certificate2 Create(string hostName, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(hostName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // RFC 5280 §4.2.1.9: not a CA.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));

        // RFC 5280 §4.2.1.3: signatures (ECDHE) and key encipherment (RSA key exchange in TLS 1.2).
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));

        // RFC 5280 §4.2.1.12: TLS server authentication only.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));

        // RFC 6125 §6.4: clients match the host name against the subject alternative name.
        var alternativeNames = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(hostName, out var address))
        {
            alternativeNames.AddIpAddress(address);
        }
        else
        {
            alternativeNames.AddDnsName(hostName);
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        return request.CreateSelfSigned(now - Backdate, now + Validity);
    }
}
