using System.Net;
using System.Net.Sockets;
using Wren.Mail.Dns;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>
/// A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host through Wren's
/// <see cref="IDnsResolver"/> rather than the system resolver, so the policy host is found with the same
/// DNS (and in tests, the same fake) as the MX hosts.
/// </summary>
internal sealed class DnsConnector(IDnsResolver dns)
{
    /// <summary>Resolves <paramref name="context"/>'s host (A, then AAAA) and connects to the first address that answers.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        string host = context.DnsEndPoint.Host;
        int port = context.DnsEndPoint.Port;
        Task<DnsLookup<IPAddress>> a = dns.LookupAAsync(host, cancellationToken);
        Task<DnsLookup<IPAddress>> aaaa = dns.LookupAaaaAsync(host, cancellationToken);
        await Task.WhenAll(a, aaaa);
        IPAddress[] addresses = [.. (await a).Records, .. (await aaaa).Records];
        if (addresses.Length == 0)
            throw new HttpRequestException($"{host} has no address ({(await a).Status})");

        Exception? last = null;
        foreach (IPAddress address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw new HttpRequestException($"could not connect to {host}:{port}", last);
    }
}
