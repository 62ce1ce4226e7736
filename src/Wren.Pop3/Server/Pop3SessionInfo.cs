using System.Net;
using System.Security.Authentication;

namespace Wren.Pop3.Server;

/// <summary>What the server knows about a POP3 session.</summary>
public sealed class Pop3SessionInfo
{
    /// <summary>Short unique id for logs.</summary>
    public required string Id { get; init; }

    /// <summary>The client's address and port.</summary>
    public required IPEndPoint RemoteEndPoint { get; init; }

    /// <summary>The port's role.</summary>
    public required Pop3ListenerRole Role { get; init; }

    /// <summary>The negotiated TLS version, or null in plaintext.</summary>
    public SslProtocols? TlsProtocol { get; internal set; }

    /// <summary>The authenticated user, or null.</summary>
    public string? User { get; internal set; }

    /// <summary>True once TLS is active.</summary>
    public bool IsSecure => TlsProtocol is not null;
}
