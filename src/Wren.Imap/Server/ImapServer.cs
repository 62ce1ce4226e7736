using System.Net;
using System.Net.Sockets;
using System.Text;
using Wren.Net.Limits;
using Wren.Net.Listening;

namespace Wren.Imap.Server;

/// <summary>
/// The IMAP server: listens on the configured ports (STARTTLS or implicit TLS), enforces the connection
/// limits, and runs one <see cref="ImapSession"/> per connection.
/// </summary>
public sealed class ImapServer : IAsyncDisposable
{
    // RFC 9051 §7.1.5: a server refusing a connection sends BYE instead of a greeting; RFC 5530 §3 UNAVAILABLE.
    private static readonly byte[] TooManyConnections = Encoding.ASCII.GetBytes(
        ImapResponseWriter.Format("*", ImapCondition.Bye, ImapResponseCodes.Unavailable, "Too many connections, try again later") + "\r\n");

    private readonly ImapServerContext _context;
    private readonly ConnectionLimiter? _limiter;
    private readonly TcpListenerGroup _listeners;

    /// <summary>Creates a server; nothing listens until <see cref="Listen"/>.</summary>
    /// <param name="context">Settings and services shared by the sessions.</param>
    /// <param name="limiter">Connection limits (shared with the other protocols), or null for none.</param>
    public ImapServer(ImapServerContext context, ConnectionLimiter? limiter)
    {
        _context = context;
        _limiter = limiter;
        _listeners = new TcpListenerGroup(context.Logger);
    }

    /// <summary>Starts listening on <paramref name="endpoint"/> in <paramref name="role"/>; returns the bound endpoint.</summary>
    public IPEndPoint Listen(IPEndPoint endpoint, ImapListenerRole role)
    {
        if (role == ImapListenerRole.Imaps && _context.Tls is null)
            throw new InvalidOperationException("IMAP over implicit TLS needs a certificate.");
        return _listeners.Listen(endpoint, (socket, stopping) => RunConnectionAsync(socket, role, stopping));
    }

    private Task RunConnectionAsync(Socket socket, ImapListenerRole role, CancellationToken stopping) =>
        AdmittedConnection.RunAsync(socket, _limiter,
            role == ImapListenerRole.Imaps ? null : TooManyConnections,
            "IMAP", _context.Logger, _context.Time,
            async (stream, remote) =>
            {
                var info = new ImapSessionInfo { Id = AdmittedConnection.NewSessionId(), RemoteEndPoint = remote, Role = role };
                await using var session = new ImapSession(_context, stream, info, stopping);
                await session.RunAsync();
            });

    /// <summary>Stops accepting; sessions say <c>* BYE</c> at their next wait and close.</summary>
    public Task StopAsync(TimeSpan grace) => _listeners.StopAsync(grace);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listeners.DisposeAsync();
}
