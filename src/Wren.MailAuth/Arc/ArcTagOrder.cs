namespace Wren.MailAuth.Arc;

/// <summary>How <see cref="ArcSealer"/> orders the tags of the fields it writes.</summary>
internal enum ArcTagOrder
{
    /// <summary>i= first, as the ABNF of RFC 8617 §4.1.2 and §4.1.3 (<c>instance [CFWS] ";" tag-list</c>) has it.</summary>
    InstanceFirst,

    /// <summary>All tags alphabetically: the normalized form of the ValiMail signing suite, to compare b= byte for byte.</summary>
    Alphabetical,
}
