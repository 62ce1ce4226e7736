using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
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

    private async Task RunConnectionAsync(Socket socket, Pop3ListenerRole role, CancellationToken stopping)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var stream = new NetworkStream(socket, ownsSocket: true);
        IDisposable? lease = null;
        if (_limiter is not null && !_limiter.TryAcquire(remote.Address, out lease))
        {
            _context.Logger.LogWarning("POP3 connection from {Client} refused: connection limit reached", remote);
            await RefuseAsync(stream, role);
            return;
        }
        using (lease)
        {
            var info = new Pop3SessionInfo { Id = NewSessionId(), RemoteEndPoint = remote, Role = role };
            await using var session = new Pop3Session(_context, stream, info, stopping);
            await session.RunAsync();
        }
    }

    private async Task RefuseAsync(NetworkStream stream, Pop3ListenerRole role)
    {
        await using (stream)
        {
            // On the implicit TLS port a plaintext reply would be garbage to the client: just close.
            if (role == Pop3ListenerRole.Pop3s)
                return;
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), _context.Time);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(Pop3Replies.TooManyConnections + "\r\n"), cts.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The client left already.
            }
        }
    }

    private static string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexString(bytes);
    }

    /// <summary>Stops accepting; sessions say the server is shutting down at their next wait and close, deleting nothing.</summary>
    public Task StopAsync(TimeSpan grace) => _listeners.StopAsync(grace);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listeners.DisposeAsync();
}
