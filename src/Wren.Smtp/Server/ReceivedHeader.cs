using System.Security.Authentication;
using System.Text;
using MimeKit.Utils;

namespace Wren.Smtp.Server;

/// <summary>
/// Builds the Received trace header (RFC 5321 §4.4) with the RFC 3848 / RFC 6531 §3.7.4 "with" protocol
/// type, the TLS version and cipher, and the authenticated user in comments.
/// </summary>
internal static class ReceivedHeader
{
    /// <summary>The header line, folded, ending in CRLF.</summary>
    public static string Build(SmtpSessionInfo session, string hostname, bool smtpUtf8, string? singleRecipient, DateTimeOffset now)
    {
        var sb = new StringBuilder("Received: from ");
        sb.Append(Sanitize(session.HeloName ?? "unknown"));
        sb.Append(" (").Append(AddressLiteral(session)).Append(")\r\n");
        sb.Append("\tby ").Append(hostname).Append(" (Wren) with ").Append(ProtocolType(session, smtpUtf8));
        sb.Append(" id ").Append(session.Id);
        if (session.TlsProtocol is { } tls)
            sb.Append("\r\n\t(using ").Append(TlsName(tls)).Append(" with cipher ").Append(session.TlsCipherSuite).Append(')');
        if (session.AuthenticatedUser is { } user)
            sb.Append("\r\n\t(authenticated as ").Append(Sanitize(user)).Append(')');
        if (singleRecipient is not null)
            sb.Append("\r\n\tfor <").Append(singleRecipient).Append('>');
        sb.Append("; ").Append(DateUtils.FormatDate(now)).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>RFC 3848 §2 and RFC 6531 §3.7.4: SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA, UTF8SMTP….</summary>
    public static string ProtocolType(SmtpSessionInfo session, bool smtpUtf8)
    {
        if (!session.IsExtended)
            return "SMTP";
        string suffix = (session.IsSecure ? "S" : "") + (session.AuthenticatedUser is not null ? "A" : "");
        return (smtpUtf8 ? "UTF8SMTP" : "ESMTP") + suffix;
    }

    private static string AddressLiteral(SmtpSessionInfo session)
    {
        var ip = session.RemoteEndPoint.Address;
        if (ip.IsIPv4MappedToIPv6)
            ip = ip.MapToIPv4();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[IPv6:{ip}]" : $"[{ip}]";
    }

    private static string TlsName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };

    // Client-supplied text goes into a header: keep it to one line of printable characters, no comment breakers.
    private static string Sanitize(string text) =>
        new(text.Select(c => c < 32 || c == 127 || c is '(' or ')' or '\\' ? '?' : c).Take(255).ToArray());
}
