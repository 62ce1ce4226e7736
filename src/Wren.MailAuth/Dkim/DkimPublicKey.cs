using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Asn1.Pkcs;

namespace Wren.MailAuth.Dkim;

/// <summary>A DKIM public key record (RFC 6376 §3.6.1), read from its TXT record text.</summary>
public sealed class DkimPublicKey
{
    private DkimPublicKey(string keyType, AsymmetricKeyParameter key, int keyBits,
        IReadOnlyList<string>? hashAlgorithms, IReadOnlyList<string> serviceTypes, IReadOnlyList<string> flags)
    {
        KeyType = keyType;
        Key = key;
        KeyBits = keyBits;
        HashAlgorithms = hashAlgorithms;
        ServiceTypes = serviceTypes;
        Flags = flags;
    }

    /// <summary>k=: <c>rsa</c> or <c>ed25519</c>.</summary>
    public string KeyType { get; }

    /// <summary>The key, for MimeKit.</summary>
    public AsymmetricKeyParameter Key { get; }

    /// <summary>The RSA modulus length, or 256 for ed25519.</summary>
    public int KeyBits { get; }

    /// <summary>h=: the hash algorithms the key may be used with; null when any is allowed.</summary>
    public IReadOnlyList<string>? HashAlgorithms { get; }

    /// <summary>s=: the service types (<c>*</c> or <c>email</c>).</summary>
    public IReadOnlyList<string> ServiceTypes { get; }

    /// <summary>t=: the flags (<c>y</c> testing, <c>s</c> strict identity).</summary>
    public IReadOnlyList<string> Flags { get; }

    /// <summary>t=s: the i= domain must equal d=, not be a subdomain of it (RFC 6376 §3.6.1).</summary>
    public bool StrictIdentity => Flags.Contains("s");

    /// <summary>t=y: the domain is testing DKIM (RFC 6376 §3.6.1).</summary>
    public bool Testing => Flags.Contains("y");

    /// <summary>
    /// Reads the TXT record <paramref name="record"/>. Fails as <see cref="DkimVerdict.PermError"/> with the RFC 6376
    /// §6.1.2 reason: key syntax error, key revoked (empty p=), unknown key type, or an RSA key above
    /// <paramref name="maximumRsaKeyBits"/> (refused before any work is spent on it).
    /// </summary>
    public static DkimKeyLookup Parse(string record, int maximumRsaKeyBits = DnsDkimPublicKeyLocator.DefaultMaximumRsaKeyBits)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!DkimTagList.TryParse(record, out DkimTagList? tags, out string? error))
            return DkimKeyLookup.Failed(DkimVerdict.PermError, "key syntax error: " + error);
        // RFC 6376 §3.6.1 v=: when present it MUST be "DKIM1" and the first tag.
        if (tags!["v"] is { } version && (version != "DKIM1" || tags.Names[0] != "v"))
            return DkimKeyLookup.Failed(DkimVerdict.PermError, "key syntax error: v= must be DKIM1, first");
        if (tags["p"] is not { } rawKey)
            return DkimKeyLookup.Failed(DkimVerdict.PermError, "key syntax error: no p=");
        string p = DkimTagList.StripWhiteSpace(rawKey);
        // RFC 6376 §3.6.1 p=: an empty value means the key has been revoked.
        if (p.Length == 0)
            return DkimKeyLookup.Failed(DkimVerdict.PermError, "key revoked (empty p=)");
        if (!DkimSignatureFields.IsBase64(p))
            return DkimKeyLookup.Failed(DkimVerdict.PermError, "key syntax error: p= is not base64");
        byte[] data = Convert.FromBase64String(p);
        IReadOnlyList<string>? hashes = tags["h"] is { } h ? List(h) : null;
        IReadOnlyList<string> services = tags["s"] is { } s ? List(s) : ["*"];
        IReadOnlyList<string> flags = tags["t"] is { } t ? List(t) : [];
        string keyType = (tags["k"] ?? "rsa").ToLowerInvariant();
        switch (keyType)
        {
            case "rsa":
                if (ReadRsa(data) is not { } rsa)
                    return DkimKeyLookup.Failed(DkimVerdict.PermError, "key syntax error: p= is not an RSA public key");
                int bits = rsa.Modulus.BitLength;
                if (bits > maximumRsaKeyBits)
                    return DkimKeyLookup.Failed(DkimVerdict.PermError, $"RSA key of {bits} bits is larger than {maximumRsaKeyBits}: refused");
                try
                {
                    var key = new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent);
                    return DkimKeyLookup.Found(new DkimPublicKey(keyType, key, bits, hashes, services, flags));
                }
                catch (ArgumentException e)
                {
                    return DkimKeyLookup.Failed(DkimVerdict.PermError, "key syntax error: " + e.Message);
                }
            case "ed25519":
                // RFC 8463 §4.2: p= is the base64 of the raw 32-byte Ed25519 public key.
                if (data.Length != Ed25519PublicKeyParameters.KeySize)
                    return DkimKeyLookup.Failed(DkimVerdict.PermError, $"key syntax error: an ed25519 key has 32 bytes, not {data.Length}");
                return DkimKeyLookup.Found(new DkimPublicKey(keyType, new Ed25519PublicKeyParameters(data), 256, hashes, services, flags));
            default:
                return DkimKeyLookup.Failed(DkimVerdict.PermError, $"unknown key type k={keyType}");
        }
    }

    private static IReadOnlyList<string> List(string value) =>
        [.. value.Split(':').Select(v => DkimTagList.StripWhiteSpace(v).ToLowerInvariant()).Where(v => v.Length > 0)];

    // RFC 6376 §3.6.1: p= is a SubjectPublicKeyInfo; some publish the bare RSAPublicKey (PKCS#1), accepted too.
    // Only the numbers are read here, so an absurd key is refused by its size before any work is done with it.
    private static RsaPublicKeyStructure? ReadRsa(byte[] data)
    {
        try
        {
            if (Asn1Object.FromByteArray(data) is not Asn1Sequence { Count: 2 } sequence)
                return null;
            if (sequence[0] is Asn1Sequence) // SubjectPublicKeyInfo: { AlgorithmIdentifier, BIT STRING }
            {
                var info = SubjectPublicKeyInfo.GetInstance(sequence);
                if (!info.Algorithm.Algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
                    return null;
                return RsaPublicKeyStructure.GetInstance(info.ParsePublicKey());
            }
            return RsaPublicKeyStructure.GetInstance(sequence); // RSAPublicKey: { modulus, exponent }
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
