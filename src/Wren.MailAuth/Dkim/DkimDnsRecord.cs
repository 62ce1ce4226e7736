using System.Text;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// The DNS TXT record that publishes a DKIM public key (RFC 6376 §3.6.1, §3.6.2.1; RFC 8463 §4.2).
/// </summary>
/// <param name="Name">The owner name, <c>selector._domainkey.domain</c>, without the trailing dot.</param>
/// <param name="Text">The record's value, e.g. <c>v=DKIM1; k=ed25519; p=…</c>.</param>
public sealed record DkimDnsRecord(string Name, string Text)
{
    /// <summary>A TXT character-string holds at most 255 bytes (RFC 1035 §3.3.14).</summary>
    public const int MaxStringLength = 255;

    /// <summary>The record of a public key: <paramref name="publicKey"/> is the SubjectPublicKeyInfo (RSA) or the raw 32 bytes (Ed25519).</summary>
    public static DkimDnsRecord Create(string domain, string selector, DkimKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(selector);
        // RFC 6376 §3.6.1: v=DKIM1 first; k= defaults to rsa but is written out; p= base64.
        return new DkimDnsRecord(DnsDkimPublicKeyLocator.RecordName(domain, selector),
            $"v=DKIM1; k={algorithm.Name()}; p={Convert.ToBase64String(publicKey)}");
    }

    /// <summary>
    /// <see cref="Text"/> cut into character-strings of at most 255 bytes; resolvers concatenate them
    /// (RFC 6376 §3.6.2.2). The text is ASCII, so a byte is a character.
    /// </summary>
    public IReadOnlyList<string> Strings =>
        [.. Text.Chunk(MaxStringLength).Select(chunk => new string(chunk))];

    /// <summary>The record as a zone file line: <c>name. IN TXT ( "…" "…" )</c>, each string quoted.</summary>
    public string ZoneFileLine
    {
        get
        {
            var line = new StringBuilder().Append(Name).Append(". IN TXT (");
            foreach (string part in Strings)
                line.Append(" \"").Append(part).Append('"');
            return line.Append(" )").ToString();
        }
    }
}
