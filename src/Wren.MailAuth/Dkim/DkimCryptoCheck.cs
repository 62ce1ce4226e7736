using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// MimeKit's canonicalization and hashing (RFC 6376 §3.4, §3.7), one step at a time, so that a body hash
/// mismatch and a signature mismatch can be told apart (MimeKit's <c>DkimVerifier</c> answers only true/false).
/// </summary>
internal sealed class DkimCryptoCheck(IDkimPublicKeyLocator locator) : DkimVerifierBase(locator)
{
    /// <summary>RFC 6376 §3.7: the body hash over the canonical body, truncated at l= when given.</summary>
    public bool BodyHashMatches(FormatOptions options, MimeMessage message, DkimSignatureFields fields) =>
        VerifyBodyHash(options, message, fields.Algorithm, fields.BodyCanonicalization,
            fields.BodyLength is { } length ? (int)Math.Min(length, int.MaxValue) : -1, fields.BodyHash);

    /// <summary>RFC 6376 §3.7: the signature over the signed header fields and the DKIM-Signature field without b=.</summary>
    public bool SignatureMatches(FormatOptions options, MimeMessage message, Header signatureField, DkimSignatureFields fields, AsymmetricKeyParameter key) =>
        VerifySignature(options, message, signatureField, fields.Algorithm, key, fields.SignedHeaders,
            fields.HeaderCanonicalization, fields.Signature);
}
