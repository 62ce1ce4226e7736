using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
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

    private async Task RunConnectionAsync(Socket socket, SmtpListenerRole role, CancellationToken stopping)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var stream = new NetworkStream(socket, ownsSocket: true);
        IDisposable? lease = null;
        if (_limiter is not null && !_limiter.TryAcquire(remote.Address, out lease))
        {
            _context.Logger.LogWarning("SMTP connection from {Client} refused: connection limit reached", remote);
            // RFC 5321 §3.1: a server may answer 421 at connection time and close.
            await RefuseAsync(stream, role);
            return;
        }
        using (lease)
        {
            var info = new SmtpSessionInfo { Id = NewSessionId(), RemoteEndPoint = remote, Role = role };
            await using var session = new SmtpSession(_context, stream, info, stopping);
            await session.RunAsync();
        }
    }

    private async Task RefuseAsync(NetworkStream stream, SmtpListenerRole role)
    {
        await using (stream)
        {
            // On the implicit TLS port a plaintext reply would be garbage to the client: just close.
            if (role == SmtpListenerRole.Submissions)
                return;
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), _context.Time);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(SmtpReplies.TooManyConnections.ToWire()), cts.Token);
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

    /// <summary>Stops accepting; sessions answer 421 4.3.2 at their next wait and close.</summary>
    public Task StopAsync(TimeSpan grace) => _listeners.StopAsync(grace);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listeners.DisposeAsync();
}
