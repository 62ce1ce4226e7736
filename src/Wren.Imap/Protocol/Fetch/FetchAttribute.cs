namespace Wren.Imap.Protocol;

/// <summary>The FETCH data items that take no section (RFC 9051 §6.4.5 and extensions).</summary>
public enum FetchAttribute
{
    /// <summary>FLAGS.</summary>
    Flags,

    /// <summary>INTERNALDATE.</summary>
    InternalDate,

    /// <summary>RFC822.SIZE.</summary>
    Rfc822Size,

    /// <summary>ENVELOPE.</summary>
    Envelope,

    /// <summary>BODY without a section: BODYSTRUCTURE without extension data.</summary>
    Body,

    /// <summary>BODYSTRUCTURE.</summary>
    BodyStructure,

    /// <summary>UID.</summary>
    Uid,

    /// <summary>MODSEQ (RFC 7162 §3.1.4): also enables CONDSTORE.</summary>
    ModSeq,

    /// <summary>EMAILID (RFC 8474 §5.1).</summary>
    EmailId,

    /// <summary>THREADID (RFC 8474 §5.2).</summary>
    ThreadId,

    /// <summary>RFC822: BODY[] answered as RFC822, sets \Seen (IMAP4rev1 only).</summary>
    Rfc822,

    /// <summary>RFC822.HEADER: BODY.PEEK[HEADER] answered as RFC822.HEADER (IMAP4rev1 only).</summary>
    Rfc822Header,

    /// <summary>RFC822.TEXT: BODY[TEXT] answered as RFC822.TEXT, sets \Seen (IMAP4rev1 only).</summary>
    Rfc822Text,
}
