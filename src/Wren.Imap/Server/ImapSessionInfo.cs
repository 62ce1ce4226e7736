using System.Net;
using System.Security.Authentication;

namespace Wren.Imap.Server;

/// <summary>What the server knows about an IMAP session.</summary>
public sealed class ImapSessionInfo
{
    /// <summary>Short unique id for logs.</summary>
    public required string Id { get; init; }

    /// <summary>The client's address and port.</summary>
    public required IPEndPoint RemoteEndPoint { get; init; }

    /// <summary>The port's role.</summary>
    public required ImapListenerRole Role { get; init; }

    /// <summary>The negotiated TLS version, or null in plaintext.</summary>
    public SslProtocols? TlsProtocol { get; internal set; }

    /// <summary>The authenticated user's address, or null.</summary>
    public string? User { get; internal set; }

    /// <summary>What the client said about itself with ID (RFC 2971), for logs; null until it does.</summary>
    public string? ClientId { get; internal set; }

    /// <summary>True once TLS is active.</summary>
    public bool IsSecure => TlsProtocol is not null;
}
