using MimeKit;
using MimeKit.IO.Filters;

namespace Wren.Mail.Summaries;

/// <summary>Content-Transfer-Encoding handling for FETCH BINARY (RFC 3516): classifying a token and decoding while streaming (async reads supported).</summary>
public static class TransferEncodings
{
    /// <summary>What <paramref name="encoding"/> (a Content-Transfer-Encoding token, or null when absent) asks of a decoder.</summary>
    public static TransferEncodingKind Classify(string? encoding)
    {
        // RFC 2045 §6.1: the tokens are case-insensitive; absent means 7bit.
        if (encoding is null || encoding.Length == 0)
            return TransferEncodingKind.Identity;
        if (encoding.Equals("7bit", StringComparison.OrdinalIgnoreCase)
            || encoding.Equals("8bit", StringComparison.OrdinalIgnoreCase)
            || encoding.Equals("binary", StringComparison.OrdinalIgnoreCase))
            return TransferEncodingKind.Identity;
        if (encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
            return TransferEncodingKind.Base64;
        if (encoding.Equals("quoted-printable", StringComparison.OrdinalIgnoreCase))
            return TransferEncodingKind.QuotedPrintable;
        return TransferEncodingKind.Unknown;
    }

    /// <summary>
    /// A read-only stream of <paramref name="encoded"/> with <paramref name="kind"/> undone, decoding in bounded
    /// buffers as it is read. Disposing it disposes <paramref name="encoded"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="TransferEncodingKind.Unknown"/>.</exception>
    public static Stream OpenDecoding(Stream encoded, TransferEncodingKind kind)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        switch (kind)
        {
            case TransferEncodingKind.Identity:
                return encoded;
            case TransferEncodingKind.Base64:
                return new DecodingStream(encoded, DecoderFilter.Create(ContentEncoding.Base64));
            case TransferEncodingKind.QuotedPrintable:
                // MimeKit's decoder keeps trailing whitespace and "= " padding; RFC 2045 §6.7 (3) says to drop
                // them, as Dovecot does, so Wren has its own filter.
                return new DecodingStream(encoded, new QuotedPrintableDecodeFilter());
            default:
                throw new ArgumentException("No decoder for an unknown Content-Transfer-Encoding.", nameof(kind));
        }
    }

    /// <summary>The number of bytes <see cref="OpenDecoding"/> yields for <paramref name="encoded"/> (read to its end).</summary>
    public static long DecodedLength(Stream encoded, TransferEncodingKind kind)
    {
        using var decoding = OpenDecoding(encoded, kind);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = decoding.Read(buffer, 0, buffer.Length)) > 0)
            total += read;
        return total;
    }

    /// <summary>The number of bytes <see cref="OpenDecoding"/> yields for <paramref name="encoded"/>, read asynchronously.</summary>
    public static async Task<long> DecodedLengthAsync(Stream encoded, TransferEncodingKind kind, CancellationToken cancellationToken = default)
    {
        Stream decoding = OpenDecoding(encoded, kind);
        await using (decoding.ConfigureAwait(false))
        {
            var buffer = new byte[16 * 1024];
            long total = 0;
            int read;
            while ((read = await decoding.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                total += read;
            return total;
        }
    }
}
