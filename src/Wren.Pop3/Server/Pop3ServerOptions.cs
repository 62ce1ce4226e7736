namespace Wren.Pop3.Server;

/// <summary>Limits and timeouts of the POP3 server; bound from the <c>Pop3</c> configuration section.</summary>
public sealed class Pop3ServerOptions
{
    /// <summary>The name the server gives in its greeting.</summary>
    public string Hostname { get; set; } = "localhost";

    /// <summary>
    /// Longest command line, CRLF included. RFC 2449 §4 allows 255 octets, which a long user name or password
    /// with PASS can exceed; 1024 is generous and still bounded. Longer lines get <c>-ERR line too long</c>.
    /// </summary>
    public int MaxCommandLineLength { get; set; } = 1024;

    /// <summary>
    /// Longest SASL line (AUTH with an initial response, and each continuation), CRLF included. RFC 5034 §4
    /// sets no limit; base64 SCRAM messages are a few hundred octets.
    /// </summary>
    public int MaxAuthLineLength { get; set; } = 8192;

    /// <summary>RFC 1939 §3: the autologout timer is at least 10 minutes of inactivity.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Protocol errors after which the session is closed.</summary>
    public int MaxErrors { get; set; } = 20;

    /// <summary>
    /// Allow USER/PASS and AUTH PLAIN without TLS. Only for tests on loopback; never in production
    /// (RFC 2595 §6, RFC 8314 §3).
    /// </summary>
    public bool AllowInsecureAuth { get; set; }

    /// <summary>Time a TLS handshake may take.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
