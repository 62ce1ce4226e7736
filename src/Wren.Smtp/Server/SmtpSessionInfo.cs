using System.Net;
using System.Security.Authentication;

namespace Wren.Smtp.Server;

/// <summary>What the server knows about a session, given to the message handler with each decision.</summary>
public sealed class SmtpSessionInfo
{
    /// <summary>Short unique id, also used as the Received header's id.</summary>
    public required string Id { get; init; }

    /// <summary>The client's address and port.</summary>
    public required IPEndPoint RemoteEndPoint { get; init; }

    /// <summary>The port's role.</summary>
    public required SmtpListenerRole Role { get; init; }

    /// <summary>The EHLO/HELO argument, once given.</summary>
    public string? HeloName { get; internal set; }

    /// <summary>True after EHLO (as opposed to HELO).</summary>
    public bool IsExtended { get; internal set; }

    /// <summary>The negotiated TLS version, or null in plaintext.</summary>
    public SslProtocols? TlsProtocol { get; internal set; }

    /// <summary>The negotiated cipher suite name, or null in plaintext.</summary>
    public string? TlsCipherSuite { get; internal set; }

    /// <summary>The authenticated user, or null.</summary>
    public string? AuthenticatedUser { get; internal set; }

    /// <summary>State the message handler keeps for the session (for example what it looked up at RCPT).</summary>
    public IDictionary<string, object> Items { get; } = new Dictionary<string, object>();

    /// <summary>True once TLS is active.</summary>
    public bool IsSecure => TlsProtocol is not null;
}
