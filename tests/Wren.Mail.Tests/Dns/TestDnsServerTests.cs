using System.Net.Sockets;
using System.Text;
using Wren.Testing.Dns;

namespace Wren.Mail.Tests.Dns;

/// <summary>The test server's own wire behaviour where DnsClient cannot show it (DnsClient always sends EDNS).</summary>
public sealed class TestDnsServerTests
{
    // RFC 1035 §4.1: header (id 0x1234, RD), one question, no OPT record.
    private static byte[] Query(string name, ushort type)
    {
        var m = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (string label in name.Split('.'))
        {
            m.Add((byte)label.Length);
            m.AddRange(Encoding.ASCII.GetBytes(label));
        }
        m.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return m.ToArray();
    }

    private static async Task<byte[]> AskUdpAsync(TestDnsServer server, byte[] query)
    {
        using var udp = new UdpClient(System.Net.Sockets.AddressFamily.InterNetwork);
        await udp.SendAsync(query, server.EndPoint);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await udp.ReceiveAsync(timeout.Token)).Buffer;
    }

    [Fact]
    public async Task A_udp_answer_over_512_bytes_without_edns_is_truncated()
    {
        await using var server = TestDnsServer.Start();
        server.AddTxt("big.test", new string('a', 255), new string('b', 255), new string('c', 100));
        server.AddTxt("small.test", "tiny");

        byte[] big = await AskUdpAsync(server, Query("big.test", 16));
        byte[] small = await AskUdpAsync(server, Query("small.test", 16));

        Assert.Equal((0x12, 0x34), (big[0], big[1]));
        Assert.True((big[2] & 0x02) != 0, "TC must be set");
        Assert.Equal(0, (big[6] << 8) | big[7]); // no answers
        Assert.True(big.Length <= 512);
        Assert.False((small[2] & 0x02) != 0);
        Assert.Equal(1, (small[6] << 8) | small[7]);
    }

    [Fact]
    public async Task Rcodes_tell_nxdomain_nodata_and_servfail_apart()
    {
        await using var server = TestDnsServer.Start();
        server.AddA("host.test", "192.0.2.1");
        server.Fail("broken.test");

        byte[] nxdomain = await AskUdpAsync(server, Query("missing.test", 1));
        byte[] nodata = await AskUdpAsync(server, Query("host.test", 15));
        byte[] servfail = await AskUdpAsync(server, Query("broken.test", 1));

        Assert.Equal(3, nxdomain[3] & 0x0F);
        Assert.Equal((0, 0), (nodata[3] & 0x0F, (nodata[6] << 8) | nodata[7]));
        Assert.Equal(2, servfail[3] & 0x0F);
        Assert.Equal(3, server.QueryCount);
    }
}
