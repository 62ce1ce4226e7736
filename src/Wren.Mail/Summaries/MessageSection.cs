namespace Wren.Mail.Summaries;

/// <summary>
/// Resolves FETCH BODY[section] and BINARY[section] (RFC 9051 §6.4.5, RFC 3516 §4) against a
/// <see cref="MessageSummary"/>, without reading the message.
/// </summary>
public static class MessageSection
{
    /// <summary>
    /// The part numbered <paramref name="path"/> (RFC 9051 §6.4.5: a non-multipart message's only part is 1;
    /// the parts of a message/rfc822 part's message continue its number), or null when there is none.
    /// </summary>
    public static BodyPart? FindPart(MessageSummary summary, IReadOnlyList<int> path)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(path);
        BodyPart? current = null;
        foreach (int number in path)
        {
            IReadOnlyList<BodyPart> children;
            if (current is null)
                children = ChildrenOf(summary);
            else if (current.IsMultipart)
                children = current.Parts;
            else if (current.Message is { } message)
                children = ChildrenOf(message);
            else
                return null;
            if (number < 1 || number > children.Count)
                return null;
            current = children[number - 1];
        }
        return current;
    }

    /// <summary>
    /// Resolves BODY[<paramref name="spec"/>]. False when the section does not exist: no such part, or
    /// HEADER/TEXT/HEADER.FIELDS on a part that is not message/rfc822 (RFC 9051 §6.4.5), or MIME without a part.
    /// </summary>
    public static bool TryResolve(MessageSummary summary, SectionSpec spec, out ResolvedSection section)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(spec);
        section = null!;
        MessageSummary? message = summary;
        BodyPart? part = null;
        if (spec.Part.Count > 0)
        {
            part = FindPart(summary, spec.Part);
            if (part is null)
                return false;
            message = part.Message;
        }

        switch (spec.Kind)
        {
            case SectionKind.Full:
                section = Plain(part is null ? summary.Range : part.Body);
                return true;
            case SectionKind.Mime:
                if (part is null)
                    return false;
                section = Plain(part.Header);
                return true;
        }

        // HEADER, HEADER.FIELDS (.NOT) and TEXT need a message: the top-level one or a message/rfc822 part's.
        if (message is null)
            return false;
        section = spec.Kind switch
        {
            SectionKind.Header => Plain(message.Header),
            SectionKind.Text => Plain(message.Text),
            _ => new ResolvedSection(message.Header, TransferEncodingKind.Identity, null, spec.Fields,
                exclude: spec.Kind == SectionKind.HeaderFieldsNot),
        };
        return true;
    }

    /// <summary>
    /// Resolves BINARY[<paramref name="part"/>] and BINARY.SIZE (RFC 3516 §4.2): the part's body with what its
    /// Content-Transfer-Encoding needs undone; the whole message, as it is, for an empty path. False when the
    /// part does not exist.
    /// </summary>
    public static bool TryResolveBinary(MessageSummary summary, IReadOnlyList<int> part, out ResolvedSection section)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(part);
        section = null!;
        if (part.Count == 0)
        {
            section = Plain(summary.Range);
            return true;
        }
        BodyPart? found = FindPart(summary, part);
        if (found is null)
            return false;
        section = new ResolvedSection(found.Body, found.TransferEncoding, found.DecodedSize, null, false);
        return true;
    }

    private static IReadOnlyList<BodyPart> ChildrenOf(MessageSummary message) =>
        message.Body.IsMultipart ? message.Body.Parts : [message.Body];

    private static ResolvedSection Plain(ByteRange range) =>
        new(range, TransferEncodingKind.Identity, range.Length, null, false);
}
