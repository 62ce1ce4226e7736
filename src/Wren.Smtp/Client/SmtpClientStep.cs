namespace Wren.Smtp.Client;

/// <summary>The step of an SMTP session at which something failed.</summary>
public enum SmtpClientStep
{
    /// <summary>Resolving the host or opening the TCP connection.</summary>
    Connect,

    /// <summary>STARTTLS or the TLS handshake.</summary>
    Tls,

    /// <summary>Waiting for, or reading, the server's 220 greeting.</summary>
    Greeting,

    /// <summary>EHLO (or the HELO fallback).</summary>
    Ehlo,

    /// <summary>AUTH.</summary>
    Authentication,

    /// <summary>MAIL FROM, or a check the client makes before it (SIZE, SMTPUTF8, BINARYMIME).</summary>
    MailFrom,

    /// <summary>RCPT TO.</summary>
    RcptTo,

    /// <summary>DATA or BDAT: sending the content and waiting for the final reply.</summary>
    Data,

    /// <summary>QUIT.</summary>
    Quit,

    /// <summary>RSET.</summary>
    Reset,
}
