namespace Wren.Imap.Protocol;

/// <summary>How an IDLE ended (RFC 9051 §6.3.13).</summary>
public enum ImapIdleEnd
{
    /// <summary>The client sent DONE: answer the IDLE's tagged OK.</summary>
    Done,

    /// <summary>The client sent another line: end the IDLE with a tagged BAD.</summary>
    Invalid,

    /// <summary>The client closed the connection.</summary>
    EndOfInput,
}
