using Wren.Testing.Dns;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>
/// One real Wren server (mx.wren.test, domain example.test, users alice and bob) whose DNS is a test DNS server
/// on loopback, where each test publishes the SPF, DKIM and DMARC records of the sender domains it plays.
/// Clients connect from 127.0.0.1, the address the SPF records name or leave out.
/// </summary>
public sealed class MailAuthFixture : IAsyncLifetime
{
    public TestDnsServer Dns { get; private set; } = null!;
    public WrenServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dns = TestDnsServer.Start();
        Server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__DNS__SERVERS__0"] = Dns.ServerAddress,
            // The Public Suffix List as the tests know it: .test is a public suffix there.
            ["WREN__MAILAUTH__PUBLICSUFFIXLIST"] = WritePublicSuffixList(),
        });
        await Server.AddUsersAsync("alice@example.test", "bob@example.test");
    }

    private static string WritePublicSuffixList()
    {
        string path = Path.Combine(Path.GetTempPath(), $"wren-psl-{Guid.NewGuid():N}.dat");
        File.WriteAllText(path, "// test list\ntest\nco.test\n");
        return path;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Dns.DisposeAsync();
    }
}
