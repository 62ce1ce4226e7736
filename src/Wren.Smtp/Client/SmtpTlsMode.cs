namespace Wren.Smtp.Client;

/// <summary>How the client protects the connection with TLS.</summary>
public enum SmtpTlsMode
{
    /// <summary>Never TLS, even when STARTTLS is offered (tests, or a server known to have broken TLS).</summary>
    None,

    /// <summary>STARTTLS when the server offers it, plaintext otherwise (RFC 3207; what MX delivery does by default).</summary>
    Opportunistic,

    /// <summary>STARTTLS is required: a server that does not offer it, or refuses it, fails the connection.</summary>
    StartTls,

    /// <summary>TLS from the first byte (RFC 8314 §3, port 465).</summary>
    Implicit,
}
