namespace Wren.Interop.Tests.Imaptest;

/// <summary>How the runner's connections are secured.</summary>
public enum ImapTlsMode
{
    /// <summary>Plain TCP (loopback tests only).</summary>
    None,
    /// <summary>TLS from the first byte (port 993's role).</summary>
    Implicit,
    /// <summary>STARTTLS after the greeting (port 143's role).</summary>
    StartTls,
}
