namespace Wren.Imap.Protocol;

/// <summary>LIST selection options (RFC 5258 §3.1, RFC 6154 §3).</summary>
[Flags]
public enum ListSelectOptions
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>SUBSCRIBED: only subscribed names.</summary>
    Subscribed = 1,

    /// <summary>REMOTE: include remote mailboxes.</summary>
    Remote = 2,

    /// <summary>RECURSIVEMATCH: parents of matches too (never alone, RFC 5258 §3.1).</summary>
    RecursiveMatch = 4,

    /// <summary>SPECIAL-USE: only mailboxes with a special use (RFC 6154 §3).</summary>
    SpecialUse = 8,
}
