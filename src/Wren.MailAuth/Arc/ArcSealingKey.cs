using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;

namespace Wren.MailAuth.Arc;

/// <summary>
/// The RSA private key an ARC sealer signs with (rsa-sha256, RFC 8617 §4.1.2/§4.1.3 via RFC 6376 §3.3).
/// Ed25519 (RFC 8463) is defined for DKIM, but ARC validators in the field check rsa-sha256 only, so sealing
/// with anything else would yield chains nobody can validate; Wren refuses such keys.
/// </summary>
internal sealed class ArcSealingKey
{
    private readonly RsaKeyParameters _key;

    /// <summary>Wraps <paramref name="key"/>: an RSA private key of at least 1024 bits (RFC 8301 §3.2).</summary>
    /// <exception cref="ArgumentException">The key is not an RSA private key, or is shorter than 1024 bits.</exception>
    /// <exception cref="NotSupportedException">The key is an Ed25519 key.</exception>
    public ArcSealingKey(AsymmetricKeyParameter key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key is Ed25519PrivateKeyParameters or Ed25519PublicKeyParameters)
            throw new NotSupportedException("ARC seals are made with rsa-sha256 only; ed25519-sha256 is not in use for ARC.");
        if (key is not RsaKeyParameters { IsPrivate: true } rsa)
            throw new ArgumentException("An ARC sealing key must be an RSA private key.", nameof(key));
        if (rsa.Modulus.BitLength < 1024)
            throw new ArgumentException("RFC 8301 §3.2: RSA signing keys must have at least 1024 bits.", nameof(key));
        _key = rsa;
    }

    /// <summary>Reads a PEM private key: PKCS#8 (<c>BEGIN PRIVATE KEY</c>, as Wren stores DKIM keys) or PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>).</summary>
    /// <exception cref="ArgumentException">The text holds no usable private key.</exception>
    public static AsymmetricKeyParameter ReadPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        object? read;
        try
        {
            read = new PemReader(new StringReader(pem)).ReadObject();
        }
        catch (Exception e) when (e is IOException or PemException or InvalidCastException or ArgumentException)
        {
            throw new ArgumentException("The PEM text is not a private key: " + e.Message, nameof(pem), e);
        }
        return read switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter { IsPrivate: true } key => key,
            _ => throw new ArgumentException("The PEM text holds no private key.", nameof(pem)),
        };
    }

    /// <summary>The RSASSA-PKCS1-v1_5 SHA-256 signature of <paramref name="data"/> (RFC 6376 §3.3.1).</summary>
    public byte[] Sign(byte[] data)
    {
        ISigner signer = SignerUtilities.GetSigner("SHA-256withRSA");
        signer.Init(true, _key);
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }
}
