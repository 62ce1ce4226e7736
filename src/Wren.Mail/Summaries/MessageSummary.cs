namespace Wren.Mail.Summaries;

/// <summary>
/// What IMAP FETCH needs to know about a message without reading it again (RFC 9051 §6.4.5, §7.5.2): its
/// ENVELOPE, its part tree (BODYSTRUCTURE) and where each header and body lies in the stored bytes. Computed
/// once, at delivery or APPEND, by <see cref="Build"/>; kept with <see cref="ToBytes"/> and read back with
/// <see cref="Parse"/>. The same type describes a message/rfc822 part's encapsulated message.
/// </summary>
public sealed class MessageSummary
{
    /// <summary>The whole message in the stored bytes; for the top-level message its length is RFC822.SIZE.</summary>
    public required ByteRange Range { get; init; }

    /// <summary>The header section, its terminating empty line included (BODY[HEADER], RFC822.HEADER).</summary>
    public required ByteRange Header { get; init; }

    /// <summary>The text (body) section after the header (BODY[TEXT], RFC822.TEXT).</summary>
    public required ByteRange Text { get; init; }

    /// <summary>The ENVELOPE.</summary>
    public required Envelope Envelope { get; init; }

    /// <summary>The body: a multipart holding the numbered parts, or the single part numbered 1 (RFC 9051 §6.4.5).</summary>
    public required BodyPart Body { get; init; }

    /// <summary>The message's size in octets (RFC822.SIZE for the top-level message).</summary>
    public long Size => Range.Length;

    /// <summary>
    /// Parses the message in <paramref name="message"/> (seekable, positioned at its first byte, which is offset 0
    /// of every range) with MimeKit in persistent mode, so contents are never held in memory.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> cannot seek or read.</exception>
    public static MessageSummary Build(Stream message, CancellationToken cancellationToken = default) =>
        MessageSummaryBuilder.Build(message, cancellationToken);

    /// <summary>As <see cref="Build"/>, reading <paramref name="message"/> asynchronously (delivery and APPEND paths).</summary>
    /// <exception cref="ArgumentException"><paramref name="message"/> cannot seek or read.</exception>
    public static Task<MessageSummary> BuildAsync(Stream message, CancellationToken cancellationToken = default) =>
        MessageSummaryBuilder.BuildAsync(message, cancellationToken);

    /// <summary>The compact binary form for storage (see <see cref="MessageSummarySerializer"/>).</summary>
    public byte[] ToBytes() => MessageSummarySerializer.Serialize(this);

    /// <summary>Reads back what <see cref="ToBytes"/> wrote.</summary>
    /// <exception cref="FormatException">The bytes are not a summary of a known version.</exception>
    public static MessageSummary Parse(ReadOnlySpan<byte> bytes) => MessageSummarySerializer.Deserialize(bytes);

    /// <summary>
    /// The text form the store keeps (its summary column is text): base64 of <see cref="ToBytes"/>. Delivery and
    /// APPEND write it, FETCH and SEARCH read it with <see cref="TryParseStoredText"/>.
    /// </summary>
    public string ToStoredText() => Convert.ToBase64String(ToBytes());

    /// <summary>Reads <see cref="ToStoredText"/>'s form; null for null, or for text that is not a summary (rebuild it then).</summary>
    public static MessageSummary? TryParseStoredText(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        try
        {
            return Parse(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
