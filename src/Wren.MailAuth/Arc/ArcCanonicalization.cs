using System.Security.Cryptography;
using MimeKit;

namespace Wren.MailAuth.Arc;

/// <summary>
/// The "relaxed" canonicalizations of RFC 6376 §3.4.2 (header fields) and §3.4.4 (body) that ARC sealing uses:
/// RFC 8617 §4.1.3 makes the AS relaxed-only, and Wren signs its AMS relaxed/relaxed.
/// </summary>
internal static class ArcCanonicalization
{
    /// <summary>
    /// Appends the relaxed form of one header field to <paramref name="output"/>: name lower-cased, value unfolded,
    /// runs of WSP made one SP, WSP around the colon and at the end removed, then CRLF unless
    /// <paramref name="withoutCrlf"/> (the signature field itself is hashed without it, RFC 6376 §3.7).
    /// </summary>
    public static void AppendHeader(List<byte> output, string name, ReadOnlySpan<byte> rawValue, bool withoutCrlf = false)
    {
        foreach (char c in name.Trim())
            output.Add((byte)char.ToLowerInvariant(c));
        output.Add((byte)':');
        bool pendingSpace = false, started = false;
        foreach (byte b in rawValue)
        {
            if (b is (byte)'\r' or (byte)'\n')
                continue; // unfold
            if (b is (byte)' ' or (byte)'\t')
            {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace)
                output.Add((byte)' ');
            pendingSpace = false;
            started = true;
            output.Add(b);
        }
        if (!withoutCrlf)
        {
            output.Add((byte)'\r');
            output.Add((byte)'\n');
        }
    }

    /// <summary>The SHA-256 of the relaxed body of <paramref name="message"/> (RFC 6376 §3.4.4, §3.7), streamed.</summary>
    public static async Task<byte[]> BodyHashAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var stream = new RelaxedBodyStream(hash))
        {
            if (message.Body is not null)
            {
                FormatOptions options = FormatOptions.Default.Clone();
                options.NewLineFormat = NewLineFormat.Dos; // RFC 6376 §5.3: hash the message in its CRLF form
                await message.Body.WriteToAsync(options, stream, contentOnly: true, cancellationToken).ConfigureAwait(false);
            }
        }
        return hash.GetHashAndReset();
    }
}
