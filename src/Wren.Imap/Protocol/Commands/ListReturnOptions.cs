namespace Wren.Imap.Protocol;

/// <summary>LIST return options (RFC 5258 §3.2, RFC 6154 §3, RFC 5819 §2).</summary>
[Flags]
public enum ListReturnOptions
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>SUBSCRIBED: mark subscribed names with \Subscribed.</summary>
    Subscribed = 1,

    /// <summary>CHILDREN: \HasChildren / \HasNoChildren.</summary>
    Children = 2,

    /// <summary>SPECIAL-USE: special-use attributes.</summary>
    SpecialUse = 4,

    /// <summary>STATUS (items): a STATUS response per listed mailbox (RFC 5819).</summary>
    Status = 8,
}
