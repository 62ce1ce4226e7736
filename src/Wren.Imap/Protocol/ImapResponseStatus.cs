namespace Wren.Imap.Protocol;

/// <summary>The tagged status a refused command gets (RFC 9051 §7.1).</summary>
public enum ImapResponseStatus
{
    /// <summary>NO: the command was understood and failed.</summary>
    No,

    /// <summary>BAD: the command was not understood or broke a protocol limit.</summary>
    Bad,
}
