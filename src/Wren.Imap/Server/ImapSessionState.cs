namespace Wren.Imap.Server;

/// <summary>The states of an IMAP connection (RFC 9051 §3).</summary>
public enum ImapSessionState
{
    /// <summary>§3.1: the client must authenticate before most commands.</summary>
    NotAuthenticated,

    /// <summary>§3.2: logged in; a mailbox must be selected before message commands.</summary>
    Authenticated,

    /// <summary>§3.3: a mailbox is selected.</summary>
    Selected,

    /// <summary>§3.4: the connection is ending (LOGOUT, autologout, shutdown, too many errors).</summary>
    Logout,
}
