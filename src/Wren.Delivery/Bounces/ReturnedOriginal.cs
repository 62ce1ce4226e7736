namespace Wren.Delivery.Bounces;

/// <summary>Why a notification carries only the headers of the original message.</summary>
internal enum HeadersOnlyReason
{
    /// <summary>RET=HDRS, or no RET (RFC 3461 §4.3 leaves the choice to Wren, which returns headers).</summary>
    Requested,
    /// <summary>RET=FULL, but the message is larger than <see cref="DsnBuilderOptions.MaxFullReturnSize"/>.</summary>
    TooLarge,
    /// <summary>RET=FULL, but the message holds NULs or over-long lines that no 8-bit MIME part may carry.</summary>
    NotTransportable,
}

/// <summary>
/// The part of the original message that goes back to the sender, read from its stream in bounded memory:
/// never more than the header limit for headers only, never more than the size cap for a full return.
/// </summary>
internal sealed class ReturnedOriginal
{
    private const int ChunkSize = 16 * 1024;

    private ReturnedOriginal(byte[] headers, byte[]? full, HeadersOnlyReason reason)
    {
        Headers = headers;
        Full = full;
        Reason = reason;
        MessageId = HeaderSection.FindMessageId(headers);
    }

    /// <summary>The header section, cleaned (see <see cref="HeaderSection.Extract"/>), each line ending in CRLF.</summary>
    public byte[] Headers { get; }

    /// <summary>The whole message when it is returned in full; null for headers only.</summary>
    public byte[]? Full { get; }

    /// <summary>Why only headers are returned (meaningless when <see cref="Full"/> is set).</summary>
    public HeadersOnlyReason Reason { get; }

    /// <summary>The original's Message-ID without angle brackets, if it has one.</summary>
    public string? MessageId { get; }

    /// <summary>True when the returned octets hold 8-bit data (so the part is labelled 8bit).</summary>
    public bool HasEightBit => HeaderSection.HasEightBit(Full ?? Headers);

    /// <summary>Reads what RET asks for from <paramref name="message"/> (positioned at its first octet).</summary>
    public static async Task<ReturnedOriginal> ReadAsync(Stream message, bool full, DsnBuilderOptions options, CancellationToken cancellationToken)
    {
        if (!full)
        {
            var (prefix, length, complete) = await ReadHeaderPrefixAsync(message, options.MaxHeaderSize, cancellationToken).ConfigureAwait(false);
            return new ReturnedOriginal(HeaderSection.Extract(prefix.AsSpan(0, length), complete), null, HeadersOnlyReason.Requested);
        }

        // One octet past the cap tells "exactly at the cap" from "over it" without reading the rest.
        long limit = options.MaxFullReturnSize + 1;
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[ChunkSize];
        while (buffer.Length < limit)
        {
            int want = (int)Math.Min(chunk.Length, limit - buffer.Length);
            int read = await message.ReadAsync(chunk.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                break;
            buffer.Write(chunk, 0, read);
        }
        byte[] data = buffer.ToArray();
        bool tooLarge = data.Length > options.MaxFullReturnSize;
        int headerLength = Math.Min(data.Length, options.MaxHeaderSize);
        bool headerComplete = !tooLarge && headerLength == data.Length;
        byte[] headers = HeaderSection.Extract(data.AsSpan(0, headerLength), headerComplete);
        if (tooLarge)
            return new ReturnedOriginal(headers, null, HeadersOnlyReason.TooLarge);
        if (!HeaderSection.IsEightBitClean(data))
            return new ReturnedOriginal(headers, null, HeadersOnlyReason.NotTransportable);
        return new ReturnedOriginal(headers, data, HeadersOnlyReason.Requested);
    }

    /// <summary>Reads until the blank line that ends the header section, the end of input, or <paramref name="max"/> octets.</summary>
    private static async Task<(byte[] Buffer, int Length, bool Complete)> ReadHeaderPrefixAsync(Stream message, int max, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[max];
        int length = 0;
        while (length < max)
        {
            int read = await message.ReadAsync(buffer.AsMemory(length, Math.Min(ChunkSize, max - length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return (buffer, length, true);
            int scanFrom = Math.Max(0, length - 2);
            length += read;
            if (HeaderSection.ContainsEnd(buffer.AsSpan(0, length), scanFrom))
                return (buffer, length, true);
        }
        return (buffer, length, false);
    }
}
