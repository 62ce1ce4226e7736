using MimeKit;
using MimeKit.IO;

namespace Wren.Mail.Summaries;

/// <summary>
/// Builds a <see cref="MessageSummary"/> with MimeKit's parser in persistent mode (contents stay in the stream)
/// and the offsets its MimeMessageEnd / MimeEntityEnd events report.
/// </summary>
internal sealed class MessageSummaryBuilder
{
    private readonly record struct Offsets(long Begin, long HeadersEnd, long End, long Lines);

    private readonly Stream _stream;
    private readonly long _origin;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<MimeEntity, Offsets> _entities = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<MimeMessage, Offsets> _messages = new(ReferenceEqualityComparer.Instance);

    private MessageSummaryBuilder(Stream stream, CancellationToken cancellationToken)
    {
        _stream = stream;
        _origin = stream.Position;
        _cancellationToken = cancellationToken;
    }

    public static MessageSummary Build(Stream message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.CanSeek || !message.CanRead)
            throw new ArgumentException("The message stream must be readable and seekable.", nameof(message));
        return new MessageSummaryBuilder(message, cancellationToken).Run();
    }

    private MessageSummary Run()
    {
        long length = _stream.Length - _origin;
        var parser = new MimeParser(_stream, MimeFormat.Entity, persistent: true);
        parser.MimeMessageEnd += (_, e) => _messages[e.Message] = new Offsets(e.BeginOffset, e.HeadersEndOffset, e.EndOffset, 0);
        parser.MimeEntityEnd += (_, e) => _entities[e.Entity] = new Offsets(e.BeginOffset, e.HeadersEndOffset, e.EndOffset, e.Lines);
        MimeMessage message;
        try
        {
            message = parser.ParseMessage(_cancellationToken);
        }
        catch (FormatException)
        {
            return WithoutHeader(length);
        }
        MessageSummary summary = Summarize(message);

        // The top-level message is the whole stored blob, whatever the parser made of trailing bytes.
        return new MessageSummary
        {
            Range = new ByteRange(0, length),
            Header = ByteRange.FromBounds(0, Math.Min(summary.Header.End, length)),
            Text = ByteRange.FromBounds(Math.Min(summary.Header.End, length), length),
            Envelope = summary.Envelope,
            Body = summary.Body,
        };
    }

    // MimeKit finds no header at all (the first line is no header field): all of it is a text/plain body.
    private MessageSummary WithoutHeader(long length)
    {
        var whole = new ByteRange(0, length);
        long lines = 0;
        int last = '\n';
        _stream.Position = _origin;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = _stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        if (last != '\n')
            lines++; // an unterminated last line counts, as MimeKit counts it
        return new MessageSummary
        {
            Range = whole,
            Header = ByteRange.Empty(0),
            Text = whole,
            Envelope = Envelope.Empty,
            Body = new BodyPart { Type = "text", Subtype = "plain", Header = ByteRange.Empty(0), Body = whole, Lines = lines, DecodedSize = length },
        };
    }

    private MessageSummary Summarize(MimeMessage message)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        Offsets at = _messages.TryGetValue(message, out Offsets found) ? found : default;
        ByteRange header = Range(at.Begin, at.HeadersEnd);
        ByteRange text = Range(at.HeadersEnd, at.End);
        BodyPart body = message.Body is { } entity
            ? Summarize(entity)
            : new BodyPart { Type = "text", Subtype = "plain", Header = header, Body = text, DecodedSize = text.Length };
        return new MessageSummary
        {
            Range = Range(at.Begin, at.End),
            Header = header,
            Text = text,
            Envelope = EnvelopeBuilder.Build(message.Headers),
            Body = body,
        };
    }

    private BodyPart Summarize(MimeEntity entity)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        Offsets at = _entities.TryGetValue(entity, out Offsets found) ? found : default;
        ContentType contentType = entity.ContentType;
        string type = contentType.MediaType;
        string subtype = contentType.MediaSubtype;
        if (type.Length == 0 || subtype.Length == 0)
        {
            // RFC 2045 §5.2: a Content-Type that cannot be understood means text/plain.
            type = "text";
            subtype = "plain";
        }

        HeaderList headers = entity.Headers;
        string? encoding = HeaderText.FirstValue(headers, HeaderId.ContentTransferEncoding);
        if (encoding is not null)
            encoding = FirstToken(encoding);

        ByteRange body = Range(at.HeadersEnd, at.End);
        IReadOnlyList<BodyPart> parts = [];
        MessageSummary? embedded = null;
        if (entity is Multipart multipart)
            parts = multipart.Select(Summarize).ToArray();
        else if (entity is MessagePart { Message: { } inner } && IsEncapsulatedMessage(type, subtype))
            embedded = Summarize(inner);

        // RFC 3516: multiparts and messages are sent as they are; leaves are decoded once here for BINARY.SIZE.
        TransferEncodingKind kind = parts.Count > 0 || entity is Multipart || embedded is not null
            ? TransferEncodingKind.Identity
            : TransferEncodings.Classify(encoding);
        long? decodedSize = kind switch
        {
            TransferEncodingKind.Identity => body.Length,
            TransferEncodingKind.Unknown => null,
            _ => DecodedLength(body, kind),
        };

        var part = new BodyPart
        {
            Type = type,
            Subtype = subtype,
            Parameters = contentType.Parameters.Select(p => new MimeParameter(p.Name, p.Value ?? "")).ToArray(),
            ContentId = HeaderText.FirstValue(headers, HeaderId.ContentId),
            Description = HeaderText.FirstValue(headers, HeaderId.ContentDescription),
            Encoding = encoding,
            Md5 = HeaderText.FirstValue(headers, HeaderId.ContentMd5),
            Disposition = entity.ContentDisposition is { } disposition
                ? new PartDisposition(disposition.Disposition, disposition.Parameters.Select(p => new MimeParameter(p.Name, p.Value ?? "")).ToArray())
                : null,
            Languages = Languages(HeaderText.FirstValue(headers, HeaderId.ContentLanguage)),
            Location = HeaderText.FirstValue(headers, HeaderId.ContentLocation),
            Header = Range(at.Begin, at.HeadersEnd),
            Body = body,
            Lines = at.Lines,
            Parts = parts,
            Message = embedded,
            DecodedSize = decodedSize,
        };
        return part;
    }

    // RFC 9051 §7.5.2 body-type-msg: message/rfc822 and message/global carry an envelope and a body.
    internal static bool IsEncapsulatedMessage(string type, string subtype) =>
        type.Equals("message", StringComparison.OrdinalIgnoreCase)
        && (subtype.Equals("rfc822", StringComparison.OrdinalIgnoreCase) || subtype.Equals("global", StringComparison.OrdinalIgnoreCase));

    private long DecodedLength(ByteRange body, TransferEncodingKind kind)
    {
        using var content = new BoundStream(_stream, _origin + body.Offset, _origin + body.End, leaveOpen: true);
        return TransferEncodings.DecodedLength(content, kind);
    }

    private ByteRange Range(long begin, long end) => ByteRange.FromBounds(begin - _origin, end - _origin);

    private static string FirstToken(string value)
    {
        int end = value.AsSpan().IndexOfAny(" \t;(");
        return end < 0 ? value : value[..end];
    }

    // RFC 3282: Content-Language is a comma-separated list of language tags.
    private static string[]? Languages(string? value)
    {
        if (value is null)
            return null;
        string[] tags = value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return tags.Length == 0 ? null : tags;
    }
}
