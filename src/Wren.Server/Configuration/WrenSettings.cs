using Wren.Delivery.Inbound;
using Wren.Delivery.Outbound;
using Wren.Imap.Server;
using Wren.Pop3.Server;
using Wren.Smtp.Server;

namespace Wren.Server.Configuration;

/// <summary>
/// The whole configuration tree of <c>wren serve</c>, as bound from defaults, wren.json, <c>WREN__…</c>
/// environment variables and flags (in rising priority). Key names are fixed: tools and docs rely on them.
/// </summary>
public sealed class WrenSettings
{
    /// <summary><c>Hostname</c>: the server's name in greetings, Received headers and the certificate.</summary>
    public string Hostname { get; set; } = "localhost";

    /// <summary><c>Data</c>: the data folder.</summary>
    public string Data { get; set; } = "data";

    /// <summary>
    /// <c>PublicAddress</c>: the IPv4 or IPv6 address other servers see Wren connect from (what SPF and reverse DNS
    /// must name); optional. When unset, <c>wren dns check</c> uses the addresses of <see cref="Hostname"/>.
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary><c>Listeners:*</c>.</summary>
    public ListenerSettings Listeners { get; set; } = new();

    /// <summary><c>Tls:*</c>.</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary><c>Smtp:*</c>: SMTP limits and timeouts.</summary>
    public SmtpServerOptions Smtp { get; set; } = new();

    /// <summary><c>Pop3:*</c>: POP3 limits and timeouts.</summary>
    public Pop3ServerOptions Pop3 { get; set; } = new();

    /// <summary><c>Imap:*</c>: IMAP limits and timeouts.</summary>
    public ImapServerOptions Imap { get; set; } = new();

    /// <summary><c>Quota:*</c>: the default quota of every user (RFC 9208); unlimited unless set.</summary>
    public QuotaSettings Quota { get; set; } = new();

    /// <summary><c>Limits:*</c>: connection limits shared by every protocol.</summary>
    public ConnectionLimitSettings Limits { get; set; } = new();

    /// <summary><c>Policy:*</c>: inbound mail policy.</summary>
    public MailHandlerOptions Policy { get; set; } = new();

    /// <summary><c>Delivery:*</c>: the outbound queue (retries, per-destination limits, MX port).</summary>
    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary><c>Smarthost:*</c>: relay all outbound mail through one upstream server instead of MX delivery.</summary>
    public SmarthostOptions Smarthost { get; set; } = new();

    /// <summary><c>Dns:*</c>: the resolvers used for MX, MTA-STS and DANE look-ups.</summary>
    public DnsSettings Dns { get; set; } = new();

    /// <summary><c>OutboundTls:*</c>: which recipient TLS policies outbound delivery honours.</summary>
    public OutboundTlsSettings OutboundTls { get; set; } = new();

    /// <summary><c>MailAuth:*</c>: SPF, DKIM, ARC and DMARC checks on arriving mail; DKIM signing of what leaves.</summary>
    public MailAuthOptions MailAuth { get; set; } = new();
}

/// <summary>Where DNS questions go.</summary>
public sealed class DnsSettings
{
    /// <summary>
    /// <c>Dns:Servers</c>: recursive resolvers as <c>address[:port]</c>, tried in order; empty for the system's.
    /// DANE needs a validating resolver (one that sets the AD bit), ideally on the same host.
    /// </summary>
    public List<string> Servers { get; set; } = [];

    /// <summary><c>Dns:Timeout</c>: how long one query may take before the next try.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Outbound TLS policy switches.</summary>
public sealed class OutboundTlsSettings
{
    /// <summary><c>OutboundTls:MtaSts</c>: fetch and apply recipients' MTA-STS policies (RFC 8461).</summary>
    public bool MtaSts { get; set; } = true;

    /// <summary><c>OutboundTls:Dane</c>: apply DANE TLSA records under DNSSEC-authenticated answers (RFC 7672).</summary>
    public bool Dane { get; set; } = true;
}

/// <summary>Listening addresses per protocol, each a list of <c>address:port</c>; an empty entry is skipped.</summary>
public sealed class ListenerSettings
{
    /// <summary><c>Listeners:Smtp</c>: incoming mail (the MX role of port 25).</summary>
    public List<string> Smtp { get; set; } = [];

    /// <summary><c>Listeners:Submission</c>: RFC 6409 submission with STARTTLS (587).</summary>
    public List<string> Submission { get; set; } = [];

    /// <summary><c>Listeners:Submissions</c>: RFC 8314 submission over implicit TLS (465).</summary>
    public List<string> Submissions { get; set; } = [];

    /// <summary><c>Listeners:Pop3</c>: POP3 with STLS (RFC 1939, RFC 2595; 110 in production).</summary>
    public List<string> Pop3 { get; set; } = [];

    /// <summary><c>Listeners:Pop3s</c>: POP3 over implicit TLS (RFC 8314; 995 in production).</summary>
    public List<string> Pop3s { get; set; } = [];

    /// <summary>
    /// <c>Listeners:Imap</c>: IMAP with STARTTLS (RFC 9051; 143 in production). None by default while IMAP
    /// serves the connection level only.
    /// </summary>
    public List<string> Imap { get; set; } = [];

    /// <summary><c>Listeners:Imaps</c>: IMAP over implicit TLS (RFC 8314; 993 in production). None by default, as Imap.</summary>
    public List<string> Imaps { get; set; } = [];
}

/// <summary>The server certificate: PEM certificate + key, or a PKCS#12 file; self-signed when none.</summary>
public sealed class TlsSettings
{
    /// <summary><c>Tls:Certificate</c>: a PEM certificate (chain) file, or a .pfx/.p12 file.</summary>
    public string? Certificate { get; set; }

    /// <summary><c>Tls:Key</c>: the PEM private key file (with a PEM certificate).</summary>
    public string? Key { get; set; }

    /// <summary><c>Tls:Password</c>: the PKCS#12 password, if any.</summary>
    public string? Password { get; set; }
}

/// <summary>Connection limits.</summary>
public sealed class ConnectionLimitSettings
{
    /// <summary><c>Limits:MaxConnections</c>: concurrent connections in all.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary><c>Limits:MaxConnectionsPerAddress</c>: concurrent connections from one client address.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 100;

    /// <summary><c>Limits:ExemptLoopback</c>: loopback clients are not held to the per-address limit.</summary>
    public bool ExemptLoopback { get; set; } = true;
}
