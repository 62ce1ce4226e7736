using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>What <see cref="DnsChecker"/> checks and within which bounds.</summary>
public sealed class DnsCheckOptions
{
    /// <summary>The mail domain, in canonical form (lower-case A-labels).</summary>
    public required string Domain { get; init; }

    /// <summary>Wren's host name (key <c>Hostname</c>): its MX target, EHLO name and reverse DNS name.</summary>
    public required string Hostname { get; init; }

    /// <summary>The address other servers see Wren connect from (key <c>PublicAddress</c>); null: the addresses of <see cref="Hostname"/>.</summary>
    public IPAddress? PublicAddress { get; init; }

    /// <summary>The data folder, whose <c>dkim</c> folder holds the signing keys.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Longest an SPF check_host() may take (key <c>MailAuth:Timeout</c>; RFC 7208 §4.6.4).</summary>
    public TimeSpan SpfTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The Public Suffix List file, for DMARC's Organizational Domain (key <c>MailAuth:PublicSuffixList</c>).</summary>
    public string PublicSuffixList { get; init; } = Wren.MailAuth.PublicSuffix.PublicSuffixList.DebianPath;

    /// <summary>Longest the MTA-STS policy fetch may take (connect, TLS, headers and body).</summary>
    public TimeSpan HttpsTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The HTTPS port of <c>mta-sts.DOMAIN</c>: 443 (RFC 8461 §3.3); tests use another.</summary>
    public int MtaStsPort { get; init; } = 443;

    /// <summary>Trust anchors added to the system's for the policy fetch; for tests only, empty otherwise.</summary>
    public IReadOnlyList<X509Certificate2> ExtraTrustedRoots { get; init; } = [];
}
