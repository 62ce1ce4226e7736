using System.Net;
using System.Net.Sockets;
using System.Text;
using Wren.Net.Limits;
using Wren.Net.Listening;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Server;

/// <summary>
/// The SMTP server: listens on the configured ports, each with its role, enforces the connection limits,
/// and runs one <see cref="SmtpSession"/> per connection.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly SmtpServerContext _context;
    private readonly ConnectionLimiter? _limiter;
    private readonly TcpListenerGroup _listeners;

    /// <summary>Creates a server; nothing listens until <see cref="Listen"/>.</summary>
    public SmtpServer(SmtpServerContext context, ConnectionLimiter? limiter)
    {
        _context = context;
        _limiter = limiter;
        _listeners = new TcpListenerGroup(context.Logger);
    }

    /// <summary>Starts listening on <paramref name="endpoint"/> in <paramref name="role"/>; returns the bound endpoint.</summary>
    public IPEndPoint Listen(IPEndPoint endpoint, SmtpListenerRole role)
    {
        if (role == SmtpListenerRole.Submissions && _context.Tls is null)
            throw new InvalidOperationException("Implicit TLS submission needs a certificate.");
        return _listeners.Listen(endpoint, (socket, stopping) => RunConnectionAsync(socket, role, stopping));
    }

    // RFC 5321 §3.1: a server may answer 421 at connection time and close.
    private Task RunConnectionAsync(Socket socket, SmtpListenerRole role, CancellationToken stopping) =>
        AdmittedConnection.RunAsync(socket, _limiter,
            role == SmtpListenerRole.Submissions ? null : Encoding.ASCII.GetBytes(SmtpReplies.TooManyConnections.ToWire()),
            "SMTP", _context.Logger, _context.Time,
            async (stream, remote) =>
            {
                var info = new SmtpSessionInfo { Id = AdmittedConnection.NewSessionId(), RemoteEndPoint = remote, Role = role };
                await using var session = new SmtpSession(_context, stream, info, stopping);
                await session.RunAsync();
            });

    /// <summary>Stops accepting; sessions answer 421 4.3.2 at their next wait and close.</summary>
    public Task StopAsync(TimeSpan grace) => _listeners.StopAsync(grace);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listeners.DisposeAsync();
}
