using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace Wren.MailAuth.Dkim;

/// <summary>A private signing key of one domain and selector, as kept by <see cref="DkimKeyStore"/>.</summary>
public sealed class DkimKey
{
    internal DkimKey(string domain, string selector, DkimKeyAlgorithm algorithm, DateTimeOffset created, string path, AsymmetricKeyParameter privateKey)
    {
        Domain = domain;
        Selector = selector;
        Algorithm = algorithm;
        Created = created;
        Path = path;
        PrivateKey = privateKey;
    }

    /// <summary>The signing domain (d=), lower-case A-labels.</summary>
    public string Domain { get; }

    /// <summary>The selector (s=), lower case.</summary>
    public string Selector { get; }

    /// <summary>RSA or Ed25519.</summary>
    public DkimKeyAlgorithm Algorithm { get; }

    /// <summary>When the key was created (its file's modification time).</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The PEM file.</summary>
    public string Path { get; }

    /// <summary>The private key (also what seals ARC sets for the domain, RFC 8617 §4.1.3).</summary>
    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The RSA modulus length, or 256 for Ed25519.</summary>
    public int KeyBits => PrivateKey is RsaKeyParameters rsa ? rsa.Modulus.BitLength : 256;

    /// <summary>The TXT record to publish for this key.</summary>
    public DkimDnsRecord DnsRecord => DkimDnsRecord.Create(Domain, Selector, Algorithm, PublicKeyData());

    // RSA: the SubjectPublicKeyInfo DER (what RFC 6376 §3.6.1 p= carries in practice); Ed25519: the raw 32 bytes (RFC 8463 §4.2).
    private byte[] PublicKeyData() => PrivateKey switch
    {
        RsaPrivateCrtKeyParameters rsa => SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(
            new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent)).GetDerEncoded(),
        Ed25519PrivateKeyParameters ed => ed.GeneratePublicKey().GetEncoded(),
        _ => throw new InvalidOperationException("unsupported key type"),
    };
}
