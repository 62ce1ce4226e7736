namespace Wren.Mail.Summaries;

/// <summary>
/// One MIME part of a summarized message, with what BODYSTRUCTURE reports about it (RFC 9051 §7.5.2) and
/// where its MIME header and body lie in the stored message, so FETCH BODY[section] can stream them.
/// </summary>
public sealed class BodyPart
{
    /// <summary>The media type as sent, e.g. <c>text</c> (defaulted per RFC 2045 §5.2 when absent).</summary>
    public required string Type { get; init; }

    /// <summary>The media subtype as sent, e.g. <c>plain</c>.</summary>
    public required string Subtype { get; init; }

    /// <summary>The Content-Type parameters, decoded (RFC 2231).</summary>
    public IReadOnlyList<MimeParameter> Parameters { get; init; } = [];

    /// <summary>The Content-ID header value as sent, or null.</summary>
    public string? ContentId { get; init; }

    /// <summary>The Content-Description header value as sent (encoded words not decoded), or null.</summary>
    public string? Description { get; init; }

    /// <summary>The Content-Transfer-Encoding token as sent, or null when absent (BODYSTRUCTURE then says 7BIT).</summary>
    public string? Encoding { get; init; }

    /// <summary>The Content-MD5 header value, or null.</summary>
    public string? Md5 { get; init; }

    /// <summary>The Content-Disposition, or null.</summary>
    public PartDisposition? Disposition { get; init; }

    /// <summary>The Content-Language tags, or null when absent.</summary>
    public IReadOnlyList<string>? Languages { get; init; }

    /// <summary>The Content-Location header value (RFC 2557), unfolded, or null.</summary>
    public string? Location { get; init; }

    /// <summary>The part's MIME header in the stored message, its terminating empty line included (BODY[n.MIME]).
    /// For the top-level part this is the message header.</summary>
    public ByteRange Header { get; init; }

    /// <summary>The part's body in the stored message (BODY[n]); its length is body-fld-octets.</summary>
    public ByteRange Body { get; init; }

    /// <summary>The body's line count (body-fld-lines, reported for text/* and message/rfc822).</summary>
    public long Lines { get; init; }

    /// <summary>The body's size once its transfer encoding is undone (BINARY.SIZE), or null when
    /// <see cref="TransferEncoding"/> is <see cref="TransferEncodingKind.Unknown"/>.</summary>
    public long? DecodedSize { get; init; }

    /// <summary>The child parts of a multipart, in order; empty otherwise.</summary>
    public IReadOnlyList<BodyPart> Parts { get; init; } = [];

    /// <summary>For message/rfc822 (and message/global) parts, the encapsulated message; null otherwise.</summary>
    public MessageSummary? Message { get; init; }

    /// <summary>True for multipart/*.</summary>
    public bool IsMultipart => Type.Equals("multipart", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for text/*: BODYSTRUCTURE then carries body-fld-lines.</summary>
    public bool IsText => Type.Equals("text", StringComparison.OrdinalIgnoreCase);

    /// <summary>How FETCH BINARY decodes this part's body (RFC 3516): multiparts and messages are sent as they are.</summary>
    public TransferEncodingKind TransferEncoding =>
        IsMultipart || Message is not null ? TransferEncodingKind.Identity : TransferEncodings.Classify(Encoding);
}
