using System.Text;
using MimeKit;
using MimeKit.Cryptography;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// Signs outgoing mail with a domain's DKIM keys (RFC 6376 §5): one DKIM-Signature per algorithm, ed25519-sha256
/// and rsa-sha256 when the domain has both (RFC 8463 §1 recommends signing with both), relaxed/relaxed, the
/// header fields of <see cref="DkimSignedHeaders"/>, t= from the clock.
/// </summary>
/// <remarks>
/// The result is header text to write in front of the message's original bytes: the message is not changed
/// or re-serialized, so what is stored and relayed stays byte-identical apart from the prepended fields.
/// Which key signs is <see cref="DkimSignerOptions.KeyActivationDelay"/>'s rule; rotation is: generate a key with
/// a new selector, publish its record, let it take over after the delay, delete the old key's file some days later.
/// </remarks>
public sealed class DkimMessageSigner
{
    private readonly DkimKeyStore _keys;
    private readonly TimeProvider _time;
    private readonly DkimSignerOptions _options;

    /// <summary>A signer with the keys of <paramref name="keys"/>.</summary>
    /// <param name="keys">The key store.</param>
    /// <param name="timeProvider">The clock for t= and key activation (default: the system clock).</param>
    /// <param name="options">Rotation and expiry (default: <see cref="DkimSignerOptions"/>'s defaults).</param>
    public DkimMessageSigner(DkimKeyStore keys, TimeProvider? timeProvider = null, DkimSignerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new DkimSignerOptions();
    }

    /// <summary>
    /// The keys that sign for <paramref name="domain"/> now: per algorithm, the newest key older than
    /// <see cref="DkimSignerOptions.KeyActivationDelay"/>, else the oldest. Ed25519 first, then RSA.
    /// </summary>
    public async Task<IReadOnlyList<DkimKey>> ActiveKeysAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        IReadOnlyList<DkimKey> all = await _keys.ListAsync(domain, cancellationToken).ConfigureAwait(false);
        DateTimeOffset activeBefore = _time.GetUtcNow() - _options.KeyActivationDelay;
        var active = new List<DkimKey>();
        foreach (DkimKeyAlgorithm algorithm in (DkimKeyAlgorithm[])[DkimKeyAlgorithm.Ed25519, DkimKeyAlgorithm.Rsa])
        {
            DkimKey[] ofAlgorithm = [.. all.Where(k => k.Algorithm == algorithm).OrderByDescending(k => k.Created)];
            if (ofAlgorithm.Length > 0)
                active.Add(ofAlgorithm.FirstOrDefault(k => k.Created <= activeBefore) ?? ofAlgorithm[^1]);
        }
        return active;
    }

    /// <summary>
    /// Signs <paramref name="message"/> with the active keys of <paramref name="domain"/>; returns the
    /// DKIM-Signature fields as text (CRLF line ends) to write before the message, or "" when the domain has no key.
    /// </summary>
    public async Task<string> SignAsync(MimeMessage message, string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        IReadOnlyList<DkimKey> keys = await ActiveKeysAsync(domain, cancellationToken).ConfigureAwait(false);
        return Sign(message, keys);
    }

    /// <summary>
    /// Signs the message in <paramref name="message"/> (wire form, CRLF line ends) with the active keys of
    /// <paramref name="domain"/>; returns the fields to write before those same bytes. A seekable stream is
    /// parsed without loading the body parts into memory.
    /// </summary>
    public async Task<string> SignAsync(Stream message, string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        MimeMessage parsed = await MimeMessage.LoadAsync(ParserOptions.Default, message, persistent: message.CanSeek, cancellationToken)
            .ConfigureAwait(false);
        return await SignAsync(parsed, domain, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Signs <paramref name="message"/> with each of <paramref name="keys"/>; returns their DKIM-Signature fields as
    /// text, in key order. <paramref name="message"/> is left as it was.
    /// </summary>
    /// <exception cref="ArgumentException">The message has no From field (RFC 6376 §5.4: From must be signed).</exception>
    public string Sign(MimeMessage message, IReadOnlyList<DkimKey> keys)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
            return "";
        if (!message.Headers.Contains(HeaderId.From))
            throw new ArgumentException("a message without From cannot be DKIM-signed (RFC 6376 §5.4)", nameof(message));
        IReadOnlyList<string> headers = DkimSignedHeaders.For(message);
        FormatOptions format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos; // RFC 6376 §3.4: canonical lines end in CRLF
        var text = new StringBuilder();
        foreach (DkimKey key in keys)
        {
            var signer = new TimedDkimSigner(key.PrivateKey, key.Domain, key.Selector,
                key.Algorithm == DkimKeyAlgorithm.Ed25519 ? DkimSignatureAlgorithm.Ed25519Sha256 : DkimSignatureAlgorithm.RsaSha256, _time)
            {
                // RFC 6376 §3.4.2, §3.4.4: relaxed survives the re-folding and trailing-space changes relays make.
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                SignaturesExpireAfter = _options.SignatureLifetime,
            };
            signer.Sign(format, message, [.. headers]);
            // MimeKit puts the new field first; take it out again so the message stays as it was.
            int index = message.Headers.IndexOf(HeaderId.DkimSignature);
            Header field = message.Headers[index];
            message.Headers.RemoveAt(index);
            text.Append(FieldText(field));
        }
        return text.ToString();
    }

    // "DKIM-Signature:" and the raw folded value, every line ending in CRLF.
    private static string FieldText(Header field)
    {
        string value = Encoding.ASCII.GetString(field.RawValue).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        return field.Field + ":" + value.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n";
    }
}
