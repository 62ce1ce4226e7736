using System.Net;
using Wren.Testing.Dns;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>
/// Two real Wren servers and the DNS between them: A (mx.wren.test, the usual example.test users) delivers
/// outbound mail to B (mx.b.test on 127.0.0.3, users bob@ and relay@b.test), found through b.test's MX
/// record on a test DNS server. B's SMTP listener is where A dials (A's <c>Delivery:Port</c>), so the route
/// is the real one: MX look-up, address, EHLO, STARTTLS, MAIL/RCPT/DATA.
/// </summary>
public sealed class TwoServersFixture : IAsyncLifetime
{
    public const string RemoteDomain = "b.test";
    public const string RemoteHost = "mx.b.test";
    public static readonly IPAddress RemoteAddress = IPAddress.Parse("127.0.0.3");

    public TestDnsServer Dns { get; private set; } = null!;
    public WrenServerProcess A { get; private set; } = null!;
    public WrenServerProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dns = TestDnsServer.Start();
        B = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__HOSTNAME"] = RemoteHost,
            ["WREN__LISTENERS__SMTP__0"] = $"{RemoteAddress}:0",
            // B also serves as A's smarthost in one test, relaying for an account that is not the sender.
            ["WREN__POLICY__ENFORCESENDEROWNERSHIP"] = "false",
        });
        await B.AddUsersAsync($"bob@{RemoteDomain}", $"relay@{RemoteDomain}");
        Dns.AddMx(RemoteDomain, 10, RemoteHost);
        Dns.AddA(RemoteHost, RemoteAddress.ToString());
        A = await StartSenderAsync();
        await A.AddUsersAsync("alice@example.test");
    }

    /// <summary>Starts a sending server that resolves through <see cref="Dns"/> and dials B's SMTP port.</summary>
    public Task<WrenServerProcess> StartSenderAsync(IReadOnlyDictionary<string, string>? extra = null) => StartSenderAsync(null, extra);

    /// <summary>The same on a given data folder (kept afterwards), for restarts.</summary>
    public Task<WrenServerProcess> StartSenderAsync(string? dataDirectory, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["WREN__DNS__SERVERS__0"] = Dns.ServerAddress,
            ["WREN__DELIVERY__PORT"] = B.Smtp.Port.ToString(),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        return WrenServerProcess.StartAsync(dataDirectory, settings);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Dns.DisposeAsync();
    }
}
