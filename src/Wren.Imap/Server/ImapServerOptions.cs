using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

/// <summary>Limits and timeouts of the IMAP server; bound from the <c>Imap</c> configuration section.</summary>
public sealed class ImapServerOptions
{
    /// <summary>The name the server gives in its greeting.</summary>
    public string Hostname { get; set; } = "localhost";

    /// <summary>
    /// RFC 9051 §5.4: the autologout timer of an authenticated session is at least 30 minutes of inactivity.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>RFC 9051 §5.4: before authentication the timer may be shorter; one minute, as the issue asks.</summary>
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>BAD responses (protocol errors) after which the session is closed with <c>* BYE</c>.</summary>
    public int MaxErrors { get; set; } = 20;

    /// <summary>
    /// Allow LOGIN and AUTHENTICATE without TLS. Only for tests on loopback; never in production
    /// (RFC 9051 §11.1, RFC 8314 §3).
    /// </summary>
    public bool AllowInsecureAuth { get; set; }

    /// <summary>Time a TLS handshake may take.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest line between literals, CRLF included (RFC 9051 §4: at least 8192).</summary>
    public int MaxLineLength { get; set; } = ImapLimits.Default.MaxLineLength;

    /// <summary>Largest literal outside APPEND (a password, a search string).</summary>
    public long MaxLiteralSize { get; set; } = ImapLimits.Default.MaxLiteralSize;

    /// <summary>Largest whole command, literals included, APPEND messages excepted.</summary>
    public int MaxCommandSize { get; set; } = ImapLimits.Default.MaxCommandSize;

    /// <summary>Largest message APPEND accepts.</summary>
    public long MaxMessageSize { get; set; } = ImapLimits.Default.MaxAppendSize;

    /// <summary>
    /// RFC 7888: true offers LITERAL+ (non-synchronizing literals up to the other limits); false, the default,
    /// LITERAL- (up to 4096 octets; larger ones must wait for the server's continuation).
    /// </summary>
    public bool LiteralPlus { get; set; }

    /// <summary>The reader's limits for these options.</summary>
    public ImapLimits CreateLimits() => new()
    {
        MaxLineLength = MaxLineLength,
        MaxLiteralSize = MaxLiteralSize,
        MaxCommandSize = MaxCommandSize,
        MaxAppendSize = MaxMessageSize,
        MaxNonSynchronizingLiteralSize = LiteralPlus ? null : 4096,
    };
}
