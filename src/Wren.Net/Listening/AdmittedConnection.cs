using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Wren.Net.Limits;

namespace Wren.Net.Listening;

/// <summary>
/// The step every protocol takes with a freshly accepted socket: take a slot from the connection limiter,
/// or refuse the client politely (the protocol's "too busy" line where the port speaks plaintext first,
/// a plain close on implicit-TLS ports, where plaintext would be garbage) — then run the session.
/// </summary>
public static class AdmittedConnection
{
    private static readonly TimeSpan RefusalWriteTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="session"/> on the socket under a limiter lease, or refuses the connection.</summary>
    /// <param name="socket">The accepted socket; owned from here on.</param>
    /// <param name="limiter">Connection limits, or null for none.</param>
    /// <param name="refusal">Bytes to send when refused, or null to close without a word (implicit TLS).</param>
    /// <param name="protocol">Protocol name for the log line.</param>
    /// <param name="logger">Where refusals are logged.</param>
    /// <param name="time">Clock for the refusal's write timeout.</param>
    /// <param name="session">Runs the session on the connection's stream, given the client's address.</param>
    public static async Task RunAsync(Socket socket, ConnectionLimiter? limiter, byte[]? refusal, string protocol,
        ILogger logger, TimeProvider time, Func<NetworkStream, IPEndPoint, Task> session)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var stream = new NetworkStream(socket, ownsSocket: true);
        IDisposable? lease = null;
        if (limiter is not null && !limiter.TryAcquire(remote.Address, out lease))
        {
            logger.LogWarning("{Protocol} connection from {Client} refused: connection limit reached", protocol, remote);
            await RefuseAsync(stream, refusal, time);
            return;
        }
        using (lease)
            await session(stream, remote);
    }

    /// <summary>A short random id for a session, used in logs and trace headers.</summary>
    public static string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexString(bytes);
    }

    private static async Task RefuseAsync(NetworkStream stream, byte[]? refusal, TimeProvider time)
    {
        await using (stream)
        {
            if (refusal is null)
                return;
            try
            {
                using var cts = new CancellationTokenSource(RefusalWriteTimeout, time);
                await stream.WriteAsync(refusal, cts.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The client left already.
            }
        }
    }
}
