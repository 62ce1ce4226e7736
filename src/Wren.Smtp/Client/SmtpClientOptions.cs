using System.Net;
using System.Net.Security;

namespace Wren.Smtp.Client;

/// <summary>How an <see cref="SmtpClient"/> connects, protects the connection, and how long it waits.</summary>
public sealed class SmtpClientOptions
{
    /// <summary>The EHLO/HELO argument: this host's name (RFC 5321 §4.1.1.1).</summary>
    public string LocalHostName { get; init; } = "localhost";

    /// <summary>TLS policy.</summary>
    public SmtpTlsMode Tls { get; init; } = SmtpTlsMode.Opportunistic;

    /// <summary>The name sent with SNI and checked against the certificate; by default the host dialled.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Certificate check; null uses the system's validation (chain and name).</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    /// <summary>The local address (and port, usually 0) to bind before connecting, or null for the system's choice.</summary>
    public IPEndPoint? LocalEndPoint { get; init; }

    /// <summary>How long to wait for the TCP connection (per address tried).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the TLS handshake may take.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>RFC 5321 §4.5.3.2.1: wait for the 220 greeting, 5 minutes.</summary>
    public TimeSpan GreetingTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>RFC 5321 §4.5.3.2.2/3: MAIL and RCPT replies, 5 minutes; also used for EHLO, STARTTLS, AUTH, RSET and QUIT.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>RFC 5321 §4.5.3.2.4: the 354 reply to DATA, 2 minutes.</summary>
    public TimeSpan DataInitiationTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>RFC 5321 §4.5.3.2.5: each write of content (and each non-final BDAT reply), 3 minutes.</summary>
    public TimeSpan DataBlockTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>RFC 5321 §4.5.3.2.6: the reply after the final dot (or BDAT LAST), 10 minutes.</summary>
    public TimeSpan DataTerminationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Allow AUTH on a connection without TLS (tests on loopback only: the password would travel in clear).</summary>
    public bool AllowPlaintextAuth { get; init; }

    /// <summary>Use BDAT (RFC 3030) when the server offers CHUNKING; false uses DATA unless BODY=BINARYMIME needs BDAT.</summary>
    public bool UseChunking { get; init; } = true;

    /// <summary>
    /// Longest reply line accepted, CRLF included. RFC 5321 §4.5.3.1.5 sets 512 octets; servers exceed it in
    /// practice, so the default is generous but bounded.
    /// </summary>
    public int MaxReplyLineLength { get; init; } = 4096;

    /// <summary>Most lines in one multiline reply (an EHLO reply has a few dozen at most).</summary>
    public int MaxReplyLines { get; init; } = 256;

    /// <summary>Clock for every timeout.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
