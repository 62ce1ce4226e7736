namespace Wren.Smtp.Server;

/// <summary>Limits and names for the SMTP server; bound from the <c>Smtp</c> configuration section.</summary>
public sealed class SmtpServerOptions
{
    /// <summary>The name the server gives in its greeting, EHLO reply and Received headers.</summary>
    public string Hostname { get; set; } = "localhost";

    /// <summary>Largest message accepted, in bytes (advertised with SIZE, RFC 1870).</summary>
    public long MaxMessageSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>RFC 5321 §4.5.3.1.8 requires at least 100.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>
    /// Longest command line, CRLF included. RFC 5321 §4.5.3.1.4 sets 512 octets, and extensions add to it
    /// (RFC 1870 §3, RFC 3461 §5, RFC 4954 §4 for AUTH responses); 4096 leaves room for all of them.
    /// </summary>
    public int MaxCommandLineLength { get; set; } = 4096;

    /// <summary>Protocol errors after which the session is closed with 421.</summary>
    public int MaxErrors { get; set; } = 20;

    /// <summary>RFC 5321 §4.5.3.2.7: the server waits at least 5 minutes for the next command.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>RFC 5321 §4.5.3.2.5/6: data blocks 3 minutes; applied to every read during DATA and BDAT.</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Allow AUTH without TLS. Only for tests on loopback; never in production.</summary>
    public bool AllowInsecureAuth { get; set; }

    /// <summary>Time a TLS handshake may take.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
