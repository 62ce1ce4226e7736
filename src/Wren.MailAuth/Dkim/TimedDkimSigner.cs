using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Wren.MailAuth.Dkim;

/// <summary>MimeKit's signer with t= from a <see cref="TimeProvider"/> (RFC 6376 §3.5 t=).</summary>
internal sealed class TimedDkimSigner(AsymmetricKeyParameter key, string domain, string selector, DkimSignatureAlgorithm algorithm, TimeProvider time)
    : DkimSigner(key, domain, selector, algorithm)
{
    protected override long GetTimestamp() => time.GetUtcNow().ToUnixTimeSeconds();
}
