using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Wren.Net.Listening;

/// <summary>
/// Accepts TCP connections on a set of endpoints and runs a handler per connection, keeping track of the
/// running connections so that stopping can wait for them. Shared by the SMTP, IMAP and POP3 servers.
/// </summary>
public sealed class TcpListenerGroup : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Running connections, plus one held by the group itself until it stops, so zero means "stopped and drained".
    private int _active = 1;

    /// <summary>Creates an empty group.</summary>
    public TcpListenerGroup(ILogger logger) => _logger = logger;

    /// <summary>Signalled when the group stops; connections should finish what they do and close.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Binds <paramref name="endpoint"/> (port 0 picks a free port) and starts accepting. Returns the bound
    /// endpoint. <paramref name="handler"/> owns the socket it is given.
    /// </summary>
    public IPEndPoint Listen(IPEndPoint endpoint, Func<Socket, CancellationToken, Task> handler)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
            socket.DualMode = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(endpoint);
        socket.Listen(512);
        _sockets.Add(socket);
        _acceptLoops.Add(AcceptLoopAsync(socket, handler));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private async Task AcceptLoopAsync(Socket listener, Func<Socket, CancellationToken, Task> handler)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogWarning("Accept failed on {Endpoint}: {Message}", listener.LocalEndPoint, ex.Message);
                continue;
            }
            client.NoDelay = true;
            Interlocked.Increment(ref _active);
            _ = RunConnectionAsync(client, handler);
        }
    }

    private async Task RunConnectionAsync(Socket client, Func<Socket, CancellationToken, Task> handler)
    {
        await Task.Yield();
        try
        {
            await handler(client, _stopping.Token);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Connection handler failed");
        }
        finally
        {
            client.Dispose();
            Release();
        }
    }

    /// <summary>Stops accepting, signals <see cref="Stopping"/>, and waits for connections up to <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
            foreach (Socket socket in _sockets)
                socket.Dispose();
            await Task.WhenAll(_acceptLoops);
            Release();
        }
        await Task.WhenAny(_drained.Task, Task.Delay(grace));
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _active) == 0)
            _drained.TrySetResult();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _stopping.Dispose();
    }
}
