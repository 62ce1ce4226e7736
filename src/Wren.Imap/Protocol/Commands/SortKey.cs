namespace Wren.Imap.Protocol;

/// <summary>Sort keys (RFC 5256 §3; DISPLAYFROM and DISPLAYTO, RFC 5957 §3).</summary>
public enum SortKey
{
    /// <summary>ARRIVAL: internal date.</summary>
    Arrival,

    /// <summary>CC: first Cc mailbox.</summary>
    Cc,

    /// <summary>DATE: sent date.</summary>
    Date,

    /// <summary>FROM: first From mailbox.</summary>
    From,

    /// <summary>SIZE: RFC822.SIZE.</summary>
    Size,

    /// <summary>SUBJECT: base subject.</summary>
    Subject,

    /// <summary>TO: first To mailbox.</summary>
    To,

    /// <summary>DISPLAYFROM (RFC 5957).</summary>
    DisplayFrom,

    /// <summary>DISPLAYTO (RFC 5957).</summary>
    DisplayTo,
}
