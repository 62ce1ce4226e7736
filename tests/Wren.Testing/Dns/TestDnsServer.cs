using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Wren.Testing.Dns;

/// <summary>
/// A small authoritative DNS server on 127.0.0.1 (UDP and TCP on one ephemeral port), answering from the
/// zone API of <see cref="TestDnsZone"/>: NXDOMAIN for unknown names, NODATA for known names without the asked
/// type, SERVFAIL / REFUSED / silence where told, AD=1 where told, TC=1 on UDP answers too big for the asker.
/// Point a resolver at <see cref="ServerAddress"/>.
/// </summary>
public sealed class TestDnsServer : TestDnsZone, IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    private TestDnsServer(Socket udp, TcpListener tcp)
    {
        _udp = udp;
        _tcp = tcp;
        EndPoint = (IPEndPoint)udp.LocalEndPoint!;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    /// <summary>Where the server listens (UDP and TCP).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary><c>127.0.0.1:port</c>, the form resolver configuration takes.</summary>
    public string ServerAddress => $"127.0.0.1:{EndPoint.Port}";

    /// <summary>Starts a server with an empty zone.</summary>
    public static TestDnsServer Start()
    {
        // UDP takes an ephemeral port and TCP must get the same one (a resolver falls back to TCP on the
        // server's address); another process may hold it on TCP, so try a few ports.
        for (int attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new TcpListener(IPAddress.Loopback, ((IPEndPoint)udp.LocalEndPoint!).Port);
            try
            {
                tcp.Start();
                return new TestDnsServer(udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        await Task.WhenAll(_udpLoop, _tcpLoop).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ServeUdpAsync()
    {
        byte[] buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // e.g. an ICMP error from an earlier reply; the socket stays usable
            }
            byte[]? reply = Handle(buffer.AsSpan(0, received.ReceivedBytes), overTcp: false);
            if (reply is null)
                continue;
            try
            {
                await _udp.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // the asker went away or the server stops: nothing to do
            }
        }
    }

    private async Task ServeTcpAsync()
    {
        var connections = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                TcpClient client = await _tcp.AcceptTcpClientAsync(_stop.Token);
                connections.Add(Task.Run(() => ServeConnectionAsync(client)));
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
        }
        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    // RFC 1035 §4.2.2: over TCP each message is preceded by its length in two bytes; several may follow.
    private async Task ServeConnectionAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                byte[] prefix = new byte[2];
                while (true)
                {
                    await stream.ReadExactlyAsync(prefix, _stop.Token);
                    byte[] message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                    await stream.ReadExactlyAsync(message, _stop.Token);
                    byte[]? reply = Handle(message, overTcp: true);
                    if (reply is null)
                        continue;
                    byte[] framed = new byte[2 + reply.Length];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Length);
                    reply.CopyTo(framed, 2);
                    await stream.WriteAsync(framed, _stop.Token);
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException
                                          or ObjectDisposedException or SocketException)
            {
                // the client closed the connection, or the server stops
            }
        }
    }

    private byte[]? Handle(ReadOnlySpan<byte> message, bool overTcp)
    {
        if (!DnsWire.TryParseQuery(message, out DnsWireQuery? query))
            return null;
        ZoneAnswer answer = Answer(new TestDnsQuery(query!.Name, (DnsType)query.Type, overTcp, query.DnssecOk));
        // RFC 1035 §4.1.1 RCODEs: 2 server failure, 3 name error, 5 refused.
        byte rcode = answer.Outcome switch
        {
            ZoneOutcome.NoError => 0,
            ZoneOutcome.ServerFailure => 2,
            ZoneOutcome.NameError => 3,
            ZoneOutcome.Refused => 5,
            _ => 0,
        };
        return answer.Outcome == ZoneOutcome.Drop
            ? null
            : DnsWire.WriteResponse(query, rcode, answer.Authenticated, answer.Records, Ttl, overUdp: !overTcp);
    }
}
