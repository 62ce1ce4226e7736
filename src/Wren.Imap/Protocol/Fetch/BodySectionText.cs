namespace Wren.Imap.Protocol;

/// <summary>The text part of a body section specifier (RFC 9051 §6.4.5 section-msgtext / section-text).</summary>
public enum BodySectionText
{
    /// <summary>No text specifier: the whole message or part.</summary>
    None,

    /// <summary>HEADER.</summary>
    Header,

    /// <summary>HEADER.FIELDS (names).</summary>
    HeaderFields,

    /// <summary>HEADER.FIELDS.NOT (names).</summary>
    HeaderFieldsNot,

    /// <summary>TEXT.</summary>
    Text,

    /// <summary>MIME: the part's MIME header (only after part numbers).</summary>
    Mime,
}
