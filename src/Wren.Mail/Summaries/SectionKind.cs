namespace Wren.Mail.Summaries;

/// <summary>The section-text of a FETCH BODY[section] (RFC 9051 §6.4.5), after the part numbers.</summary>
public enum SectionKind
{
    /// <summary>No section-text: the whole message, or the whole part.</summary>
    Full,
    /// <summary>HEADER: the header section of the message (or of a message/rfc822 part's message).</summary>
    Header,
    /// <summary>HEADER.FIELDS (list): only the named header fields.</summary>
    HeaderFields,
    /// <summary>HEADER.FIELDS.NOT (list): all but the named header fields.</summary>
    HeaderFieldsNot,
    /// <summary>TEXT: the text body of the message (or of a message/rfc822 part's message).</summary>
    Text,
    /// <summary>MIME: the MIME header of a part (only after part numbers).</summary>
    Mime,
}
