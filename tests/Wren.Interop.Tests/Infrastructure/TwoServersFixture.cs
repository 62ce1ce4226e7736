using System.Net;
using System.Net.Sockets;
using Wren.Testing.Dns;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>
/// Two real Wren servers and the DNS between them: A (mx.a.test on 127.0.0.2, domain a.test) and B
/// (mx.b.test on 127.0.0.3, domain b.test), each published as its domain's MX on a test DNS server. Both
/// listen for SMTP on the same port number, which is also the port each dials on MX hosts
/// (<c>Delivery:Port</c>), so mail goes the real way in either direction: MX look-up, address, EHLO,
/// STARTTLS, MAIL/RCPT/DATA.
/// </summary>
public sealed class TwoServersFixture : IAsyncLifetime
{
    public const string DomainA = "a.test";
    public const string HostA = "mx.a.test";
    public const string DomainB = "b.test";
    public const string HostB = "mx.b.test";
    public static readonly IPAddress AddressA = IPAddress.Parse("127.0.0.2");
    public static readonly IPAddress AddressB = IPAddress.Parse("127.0.0.3");
    /// <summary>Where nothing listens until a test starts a server there (a host that is down).</summary>
    public static readonly IPAddress AddressC = IPAddress.Parse("127.0.0.4");

    public TestDnsServer Dns { get; private set; } = null!;
    public WrenServerProcess A { get; private set; } = null!;
    public WrenServerProcess B { get; private set; } = null!;

    /// <summary>The SMTP port of every server here, and the port they dial.</summary>
    public int SmtpPort { get; private set; }

    public async Task InitializeAsync()
    {
        Dns = TestDnsServer.Start();
        SmtpPort = FreePortOnEvery(AddressA, AddressB, AddressC);
        Dns.AddMx(DomainA, 10, HostA);
        Dns.AddA(HostA, AddressA.ToString());
        Dns.AddMx(DomainB, 10, HostB);
        Dns.AddA(HostB, AddressB.ToString());
        A = await StartAsync(HostA, AddressA);
        B = await StartAsync(HostB, AddressB, new Dictionary<string, string>
        {
            // B also serves as a smarthost in one test, relaying for an account that is not the sender.
            ["WREN__POLICY__ENFORCESENDEROWNERSHIP"] = "false",
        });
        await B.AddUsersAsync($"relay@{DomainB}");
    }

    /// <summary>Starts a server named <paramref name="hostname"/> whose SMTP listener is <paramref name="address"/>:<see cref="SmtpPort"/>.</summary>
    public Task<WrenServerProcess> StartAsync(string hostname, IPAddress address, IReadOnlyDictionary<string, string>? extra = null,
        string? dataDirectory = null) =>
        StartSenderAsync(dataDirectory, new Dictionary<string, string>(extra ?? new Dictionary<string, string>())
        {
            ["WREN__HOSTNAME"] = hostname,
            ["WREN__LISTENERS__SMTP__0"] = $"{address}:{SmtpPort}",
        });

    /// <summary>Starts one more sending server (mx.wren.test, SMTP on 127.0.0.1) that resolves through <see cref="Dns"/>.</summary>
    public Task<WrenServerProcess> StartSenderAsync(IReadOnlyDictionary<string, string>? extra = null) => StartSenderAsync(null, extra);

    /// <summary>The same on a given data folder (kept afterwards), for restarts.</summary>
    public Task<WrenServerProcess> StartSenderAsync(string? dataDirectory, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["WREN__DNS__SERVERS__0"] = Dns.ServerAddress,
            ["WREN__DELIVERY__PORT"] = SmtpPort.ToString(),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        return WrenServerProcess.StartAsync(dataDirectory, settings);
    }

    /// <summary>A port number free on each of <paramref name="addresses"/> right now.</summary>
    private static int FreePortOnEvery(params IPAddress[] addresses)
    {
        for (int attempt = 0; ; attempt++)
        {
            var held = new List<TcpListener>();
            try
            {
                var first = new TcpListener(addresses[0], 0);
                first.Start();
                held.Add(first);
                int port = ((IPEndPoint)first.LocalEndpoint).Port;
                foreach (IPAddress other in addresses.Skip(1))
                {
                    var listener = new TcpListener(other, port);
                    listener.Start();
                    held.Add(listener);
                }
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
                // Taken on one of the other addresses: try another number.
            }
            finally
            {
                foreach (TcpListener listener in held)
                    listener.Stop();
            }
        }
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Dns.DisposeAsync();
    }
}
