using System.Net;
using System.Net.Sockets;
using System.Text;
using Wren.Net.Limits;
using Wren.Net.Listening;
using Wren.Pop3.Protocol;

namespace Wren.Pop3.Server;

/// <summary>
/// The POP3 server: listens on the configured ports (STLS or implicit TLS), enforces the connection limits,
/// and runs one <see cref="Pop3Session"/> per connection.
/// </summary>
public sealed class Pop3Server : IAsyncDisposable
{
    private readonly Pop3ServerContext _context;
    private readonly ConnectionLimiter? _limiter;
    private readonly TcpListenerGroup _listeners;

    /// <summary>Creates a server; nothing listens until <see cref="Listen"/>.</summary>
    /// <param name="context">Settings and services shared by the sessions.</param>
    /// <param name="limiter">Connection limits (shared with the other protocols), or null for none.</param>
    public Pop3Server(Pop3ServerContext context, ConnectionLimiter? limiter)
    {
        _context = context;
        _limiter = limiter;
        _listeners = new TcpListenerGroup(context.Logger);
    }

    /// <summary>Starts listening on <paramref name="endpoint"/> in <paramref name="role"/>; returns the bound endpoint.</summary>
    public IPEndPoint Listen(IPEndPoint endpoint, Pop3ListenerRole role)
    {
        if (role == Pop3ListenerRole.Pop3s && _context.Tls is null)
            throw new InvalidOperationException("POP3 over implicit TLS needs a certificate.");
        return _listeners.Listen(endpoint, (socket, stopping) => RunConnectionAsync(socket, role, stopping));
    }

    private Task RunConnectionAsync(Socket socket, Pop3ListenerRole role, CancellationToken stopping) =>
        AdmittedConnection.RunAsync(socket, _limiter,
            role == Pop3ListenerRole.Pop3s ? null : Encoding.ASCII.GetBytes(Pop3Replies.TooManyConnections + "\r\n"),
            "POP3", _context.Logger, _context.Time,
            async (stream, remote) =>
            {
                var info = new Pop3SessionInfo { Id = AdmittedConnection.NewSessionId(), RemoteEndPoint = remote, Role = role };
                await using var session = new Pop3Session(_context, stream, info, stopping);
                await session.RunAsync();
            });

    /// <summary>Stops accepting; sessions say the server is shutting down at their next wait and close, deleting nothing.</summary>
    public Task StopAsync(TimeSpan grace) => _listeners.StopAsync(grace);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listeners.DisposeAsync();
}
