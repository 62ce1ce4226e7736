using MimeKit.IO;

namespace Wren.Mail.Summaries;

/// <summary>
/// What a FETCH section comes to (from <see cref="MessageSection"/>): a byte range of the stored message to
/// stream, or, for HEADER.FIELDS (.NOT), the fields to pick out of that range; and for BINARY what decoding
/// the range needs and how long the result is.
/// </summary>
public sealed class ResolvedSection
{
    internal ResolvedSection(ByteRange range, TransferEncodingKind encoding, long? decodedSize, IReadOnlyList<string>? fields, bool exclude)
    {
        Range = range;
        Encoding = encoding;
        DecodedSize = decodedSize;
        HeaderFields = fields;
        ExcludeFields = exclude;
    }

    /// <summary>The bytes of the stored message the section is (or, with <see cref="HeaderFields"/>, is taken from).</summary>
    public ByteRange Range { get; }

    /// <summary>The decoding FETCH BINARY must apply (always <see cref="TransferEncodingKind.Identity"/> for BODY).
    /// <see cref="TransferEncodingKind.Unknown"/> calls for NO [UNKNOWN-CTE] (RFC 3516 §4.3).</summary>
    public TransferEncodingKind Encoding { get; }

    /// <summary>The section's length once decoded (BINARY.SIZE); null when the encoding is unknown.</summary>
    public long? DecodedSize { get; }

    /// <summary>For HEADER.FIELDS (.NOT): the field names; null when the range is sent as it is.</summary>
    public IReadOnlyList<string>? HeaderFields { get; }

    /// <summary>True for HEADER.FIELDS.NOT: <see cref="HeaderFields"/> names the fields to leave out.</summary>
    public bool ExcludeFields { get; }

    /// <summary>True when the answer must be built in memory by <see cref="ReadHeaderFields"/> (a header, so bounded)
    /// rather than streamed from <see cref="Range"/>.</summary>
    public bool IsMaterialized => HeaderFields is not null;

    /// <summary>The selected header fields, read from <see cref="Range"/> of <paramref name="message"/> (seekable, the stored message).</summary>
    /// <exception cref="InvalidOperationException">This section is not HEADER.FIELDS (.NOT).</exception>
    public byte[] ReadHeaderFields(Stream message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (HeaderFields is null)
            throw new InvalidOperationException("Only HEADER.FIELDS sections are materialized.");
        var header = new byte[checked((int)Range.Length)];
        message.Seek(Range.Offset, SeekOrigin.Begin);
        message.ReadExactly(header);
        return HeaderFieldFilter.Filter(header, [.. HeaderFields], ExcludeFields);
    }

    /// <summary>
    /// A stream of the section as BODY[section] sends it: the range of <paramref name="message"/> (seekable, the
    /// stored message, left open), or the selected header fields.
    /// </summary>
    public Stream OpenRead(Stream message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return HeaderFields is null
            ? new BoundStream(message, Range.Offset, Range.End, leaveOpen: true)
            : new MemoryStream(ReadHeaderFields(message), writable: false);
    }

    /// <summary>A stream of the section as BINARY[section] sends it: the range with its transfer encoding undone.</summary>
    /// <exception cref="NotSupportedException">The encoding is unknown (answer NO [UNKNOWN-CTE]).</exception>
    public Stream OpenBinary(Stream message)
    {
        if (Encoding == TransferEncodingKind.Unknown)
            throw new NotSupportedException("The part's Content-Transfer-Encoding is unknown.");
        return TransferEncodings.OpenDecoding(OpenRead(message), Encoding);
    }
}
