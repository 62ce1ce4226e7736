namespace Wren.Imap.Server;

/// <summary>The states in which a command is valid (RFC 9051 §6).</summary>
internal enum ImapCommandScope
{
    /// <summary>§6.1: CAPABILITY, NOOP, LOGOUT (and ID, RFC 2971 §3.1).</summary>
    AnyState,

    /// <summary>§6.2: STARTTLS, AUTHENTICATE, LOGIN.</summary>
    NotAuthenticated,

    /// <summary>§6.3: authenticated or selected state.</summary>
    Authenticated,

    /// <summary>§6.4: selected state only.</summary>
    Selected,
}
