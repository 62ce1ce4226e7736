namespace Wren.Imap.Server;

/// <summary>The status conditions of IMAP status responses (RFC 9051 §7.1).</summary>
public enum ImapCondition
{
    /// <summary>OK: success (tagged) or information (untagged), §7.1.1.</summary>
    Ok,

    /// <summary>NO: the command was understood and failed (tagged) or a warning (untagged), §7.1.2.</summary>
    No,

    /// <summary>BAD: a protocol error in the client's command (tagged or untagged), §7.1.3.</summary>
    Bad,

    /// <summary>PREAUTH: the greeting of a connection that is already authenticated, §7.1.4.</summary>
    PreAuth,

    /// <summary>BYE: the server is about to close the connection, §7.1.5.</summary>
    Bye,
}
