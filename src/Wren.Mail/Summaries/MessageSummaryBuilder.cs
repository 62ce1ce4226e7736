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
    private readonly Dictionary<MimeEntity, long> _decodedSizes = new(ReferenceEqualityComparer.Instance);

    private MessageSummaryBuilder(Stream stream, CancellationToken cancellationToken)
    {
        _stream = stream;
        _origin = stream.Position;
        _cancellationToken = cancellationToken;
    }

    public static MessageSummary Build(Stream message, CancellationToken cancellationToken)
    {
        MessageSummaryBuilder builder = Create(message, cancellationToken);
        MimeMessage parsed;
        try
        {
            parsed = builder.CreateParser().ParseMessage(cancellationToken);
        }
        catch (FormatException)
        {
            return builder.WithoutHeaderAsync(sync: true).GetAwaiter().GetResult();
        }
        foreach ((MimeEntity leaf, ByteRange body, TransferEncodingKind kind) in builder.DecodableLeaves(parsed))
            builder._decodedSizes[leaf] = builder.DecodedLength(body, kind);
        return builder.Finish(parsed);
    }

    public static async Task<MessageSummary> BuildAsync(Stream message, CancellationToken cancellationToken)
    {
        MessageSummaryBuilder builder = Create(message, cancellationToken);
        MimeMessage parsed;
        try
        {
            parsed = await builder.CreateParser().ParseMessageAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            return await builder.WithoutHeaderAsync(sync: false).ConfigureAwait(false);
        }
        foreach ((MimeEntity leaf, ByteRange body, TransferEncodingKind kind) in builder.DecodableLeaves(parsed))
            builder._decodedSizes[leaf] = await builder.DecodedLengthAsync(body, kind).ConfigureAwait(false);
        return builder.Finish(parsed);
    }

    private static MessageSummaryBuilder Create(Stream message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.CanSeek || !message.CanRead)
            throw new ArgumentException("The message stream must be readable and seekable.", nameof(message));
        return new MessageSummaryBuilder(message, cancellationToken);
    }

    private MimeParser CreateParser()
    {
        var parser = new MimeParser(_stream, MimeFormat.Entity, persistent: true);
        parser.MimeMessageEnd += (_, e) => _messages[e.Message] = new Offsets(e.BeginOffset, e.HeadersEndOffset, e.EndOffset, 0);
        parser.MimeEntityEnd += (_, e) => _entities[e.Entity] = new Offsets(e.BeginOffset, e.HeadersEndOffset, e.EndOffset, e.Lines);
        return parser;
    }

    private MessageSummary Finish(MimeMessage message)
    {
        long length = _stream.Length - _origin;
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

    // The base64 and quoted-printable leaves, whose decoded size BINARY.SIZE needs: found before summarizing,
    // so that reading them can be asynchronous.
    private List<(MimeEntity Leaf, ByteRange Body, TransferEncodingKind Kind)> DecodableLeaves(MimeMessage message)
    {
        var leaves = new List<(MimeEntity, ByteRange, TransferEncodingKind)>();
        var pending = new Stack<MimeEntity>();
        if (message.Body is not null)
            pending.Push(message.Body);
        while (pending.Count > 0)
        {
            MimeEntity entity = pending.Pop();
            if (entity is Multipart multipart)
            {
                foreach (MimeEntity child in multipart)
                    pending.Push(child);
                continue;
            }
            if (EmbeddedMessage(entity) is { Body: { } innerBody })
            {
                pending.Push(innerBody);
                continue;
            }
            TransferEncodingKind kind = KindOf(entity);
            if (kind is TransferEncodingKind.Base64 or TransferEncodingKind.QuotedPrintable
                && _entities.TryGetValue(entity, out Offsets at))
                leaves.Add((entity, Range(at.HeadersEnd, at.End), kind));
        }
        return leaves;
    }

    // MimeKit finds no header at all (the first line is no header field): all of it is a text/plain body.
    private async Task<MessageSummary> WithoutHeaderAsync(bool sync)
    {
        long length = _stream.Length - _origin;
        var whole = new ByteRange(0, length);
        long lines = 0;
        int last = '\n';
        _stream.Position = _origin;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = sync ? _stream.Read(buffer, 0, buffer.Length) : await _stream.ReadAsync(buffer, _cancellationToken).ConfigureAwait(false)) > 0)
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
        (string type, string subtype) = MediaType(entity);
        HeaderList headers = entity.Headers;
        string? encoding = EncodingToken(entity);

        ByteRange body = Range(at.HeadersEnd, at.End);
        IReadOnlyList<BodyPart> parts = [];
        MessageSummary? embedded = null;
        if (entity is Multipart multipart)
            parts = multipart.Select(Summarize).ToArray();
        else if (EmbeddedMessage(entity) is { } inner)
            embedded = Summarize(inner);

        // RFC 3516: multiparts and messages are sent as they are; leaves were decoded once for BINARY.SIZE.
        long? decodedSize = KindOf(entity) switch
        {
            TransferEncodingKind.Identity => body.Length,
            TransferEncodingKind.Unknown => null,
            _ => _decodedSizes.TryGetValue(entity, out long size) ? size : null,
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

    // RFC 2045 §5.2: a Content-Type that cannot be understood means text/plain.
    private static (string Type, string Subtype) MediaType(MimeEntity entity)
    {
        ContentType contentType = entity.ContentType;
        return contentType.MediaType.Length == 0 || contentType.MediaSubtype.Length == 0
            ? ("text", "plain")
            : (contentType.MediaType, contentType.MediaSubtype);
    }

    private static string? EncodingToken(MimeEntity entity) =>
        HeaderText.FirstValue(entity.Headers, HeaderId.ContentTransferEncoding) is { } value ? FirstToken(value) : null;

    // RFC 9051 §7.5.2 body-type-msg: message/rfc822 and message/global carry an envelope and a body. RFC 2046
    // §5.2.1 allows them no encoding but 7bit, 8bit and binary; an encoded one is reported as an opaque part.
    private static MimeMessage? EmbeddedMessage(MimeEntity entity)
    {
        if (entity is not MessagePart { Message: { } inner })
            return null;
        (string type, string subtype) = MediaType(entity);
        bool encapsulated = type.Equals("message", StringComparison.OrdinalIgnoreCase)
            && (subtype.Equals("rfc822", StringComparison.OrdinalIgnoreCase) || subtype.Equals("global", StringComparison.OrdinalIgnoreCase))
            && TransferEncodings.Classify(EncodingToken(entity)) == TransferEncodingKind.Identity;
        return encapsulated ? inner : null;
    }

    // RFC 3516: multiparts and encapsulated messages are sent as they are.
    private static TransferEncodingKind KindOf(MimeEntity entity) =>
        entity is Multipart || EmbeddedMessage(entity) is not null
            ? TransferEncodingKind.Identity
            : TransferEncodings.Classify(EncodingToken(entity));

    private long DecodedLength(ByteRange body, TransferEncodingKind kind)
    {
        using var content = new BoundStream(_stream, _origin + body.Offset, _origin + body.End, leaveOpen: true);
        return TransferEncodings.DecodedLength(content, kind);
    }

    private async Task<long> DecodedLengthAsync(ByteRange body, TransferEncodingKind kind)
    {
        using var content = new BoundStream(_stream, _origin + body.Offset, _origin + body.End, leaveOpen: true);
        return await TransferEncodings.DecodedLengthAsync(content, kind, _cancellationToken).ConfigureAwait(false);
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
