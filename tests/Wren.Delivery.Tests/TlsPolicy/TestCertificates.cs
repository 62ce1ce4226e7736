using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wren.Mail.Dns;

namespace Wren.Delivery.Tests.TlsPolicy;

/// <summary>Real certificates made on the spot: self-signed leaves, CAs, intermediates and the leaves they issue.</summary>
internal static class TestCertificates
{
    /// <summary>The validity window of every test certificate: around now, so the TLS stack's own checks pass.</summary>
    public static readonly DateTimeOffset NotBefore = DateTimeOffset.UtcNow.AddDays(-1);
    public static readonly DateTimeOffset NotAfter = DateTimeOffset.UtcNow.AddDays(30);

    public static X509Certificate2 SelfSigned(string name, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(San(name));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        return request.CreateSelfSigned(NotBefore, notAfter ?? NotAfter);
    }

    public static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(NotBefore.AddDays(-1), NotAfter.AddDays(1));
    }

    /// <summary>An intermediate CA issued by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 Intermediate(X509Certificate2 issuer, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using X509Certificate2 cert = request.Create(issuer, NotBefore, NotAfter, Serial());
        return cert.CopyWithPrivateKey(key);
    }

    /// <summary>A server certificate for <paramref name="names"/> issued by <paramref name="issuer"/>, with its private key.</summary>
    public static X509Certificate2 Leaf(X509Certificate2 issuer, DateTimeOffset? notAfter = null, params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(San(names));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using X509Certificate2 cert = request.Create(issuer, NotBefore, notAfter ?? NotAfter, Serial());
        return cert.CopyWithPrivateKey(key);
    }

    /// <summary>A TLSA record for <paramref name="certificate"/> with the given parameters.</summary>
    public static TlsaRecord Tlsa(byte usage, byte selector, byte matching, X509Certificate2 certificate)
    {
        byte[] selected = selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        byte[] data = matching switch { 0 => selected, 1 => SHA256.HashData(selected), _ => SHA512.HashData(selected) };
        return new TlsaRecord(usage, selector, matching, data);
    }

    private static X509Extension San(params string[] names)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in names)
            san.AddDnsName(name);
        return san.Build();
    }

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(12);
}
