using System.Text.Json;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// The IMAP server's connection level against real clients: MailKit's ImapClient and Python's imaplib, on a
/// real <c>wren serve</c> with both IMAP listeners on ephemeral ports.
/// </summary>
public class ImapConnectionTests(ImapConnectionTests.Fixture fixture) : IClassFixture<ImapConnectionTests.Fixture>
{
    /// <summary>A server with <c>Listeners:Imap</c> and <c>Listeners:Imaps</c> on ephemeral loopback ports.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public WrenServerProcess Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__LISTENERS__IMAP__0"] = "127.0.0.1:0",
            ["WREN__LISTENERS__IMAPS__0"] = "127.0.0.1:0",
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private WrenServerProcess Server => fixture.Server;

    private static ImapClient NewClient() => new() { ServerCertificateValidationCallback = (_, _, _, _) => true };

    private async Task<ImapClient> ConnectAsync(bool implicitTls)
    {
        var client = NewClient();
        var endpoint = Server.Listeners[implicitTls ? "imaps" : "imap"];
        await client.ConnectAsync(endpoint.Address.ToString(), endpoint.Port,
            implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
        return client;
    }

    [Fact]
    public async Task Mailkit_starttls_scram_sha_256_capabilities_id_namespace_logout()
    {
        string user = await Server.NewUserAsync("imap");
        using var client = await ConnectAsync(implicitTls: false);
        Assert.True(client.IsSecure);
        Assert.Contains("SCRAM-SHA-256", client.AuthenticationMechanisms);
        Assert.Contains("PLAIN", client.AuthenticationMechanisms);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.IMAP4rev1));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.IMAP4rev2));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.SaslIR));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.LiteralMinus));

        await client.AuthenticateAsync(new SaslMechanismScramSha256(user, WrenServerProcess.Password));
        Assert.True(client.IsAuthenticated);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Enable));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Id));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Namespace));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Idle));

        ImapImplementation server = await client.IdentifyAsync(new ImapImplementation { Name = "Wren interop tests", Version = "1" });
        Assert.Equal("Wren", server.Name);
        Assert.False(string.IsNullOrEmpty(server.Version));

        FolderNamespace personal = Assert.Single(client.PersonalNamespaces);
        Assert.Equal("", personal.Path);
        Assert.Equal('/', personal.DirectorySeparator);
        Assert.Empty(client.SharedNamespaces);
        Assert.Empty(client.OtherNamespaces);

        await client.DisconnectAsync(quit: true);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Mailkit_implicit_tls_plain()
    {
        string user = await Server.NewUserAsync("imap");
        using var client = await ConnectAsync(implicitTls: true);
        Assert.True(client.IsSecure);
        await client.AuthenticateAsync(new SaslMechanismPlain(user, WrenServerProcess.Password));
        Assert.True(client.IsAuthenticated);
        await client.NoOpAsync();
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Mailkit_login_with_a_wrong_password_fails_and_the_connection_stays_usable()
    {
        string user = await Server.NewUserAsync("imap");
        using var client = await ConnectAsync(implicitTls: true);
        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new SaslMechanismPlain(user, "wrong")));
        Assert.False(client.IsAuthenticated);
        await client.AuthenticateAsync(new SaslMechanismScramSha256(user, WrenServerProcess.Password));
        Assert.True(client.IsAuthenticated);
    }

    private const string ImaplibScript = """
        import imaplib, json, ssl, sys

        host, port, implicit, user, password = sys.argv[1:6]
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        out = {}
        if implicit == "1":
            imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
        else:
            imap = imaplib.IMAP4(host, int(port))
            out["plain_capabilities"] = sorted(imap.capabilities)
            imap.starttls(ssl_context=context)
        out["welcome"] = imap.welcome.decode()
        out["capabilities"] = sorted(imap.capabilities)
        try:
            imap.login(user, "wrong password")
        except imaplib.IMAP4.error as e:
            out["failed"] = str(e)
        typ, data = imap.login(user, password)
        out["login"] = [typ, data[0].decode()]
        typ, data = imap.noop()
        out["noop"] = typ
        typ, data = imap.logout()
        out["logout"] = [typ, data[0].decode()]
        print(json.dumps(out))
        """;

    private async Task<JsonElement> RunImaplibAsync(bool implicitTls, string user)
    {
        var endpoint = Server.Listeners[implicitTls ? "imaps" : "imap"];
        var result = await ExternalProcess.RunAsync("python3",
            ["-c", ImaplibScript, endpoint.Address.ToString(), endpoint.Port.ToString(), implicitTls ? "1" : "0", user, WrenServerProcess.Password]);
        Assert.True(result.ExitCode == 0, result.All);
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    private static List<string> Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()!).ToList();

    [Fact]
    public async Task Python_imaplib_ssl_login_failure_then_login_and_logout()
    {
        string user = await Server.NewUserAsync("imap");
        JsonElement out_ = await RunImaplibAsync(implicitTls: true, user);
        Assert.Contains("Wren IMAP4rev2 server ready", out_.GetProperty("welcome").GetString());
        Assert.Contains("AUTH=PLAIN", Strings(out_.GetProperty("capabilities")));
        Assert.Contains("[AUTHENTICATIONFAILED] Authentication failed", out_.GetProperty("failed").GetString());
        Assert.Equal("OK", out_.GetProperty("login")[0].GetString());
        Assert.Equal("OK", out_.GetProperty("noop").GetString());
        Assert.Equal("BYE", out_.GetProperty("logout")[0].GetString());
    }

    [Fact]
    public async Task Python_imaplib_starttls_sees_logindisabled_before_tls()
    {
        string user = await Server.NewUserAsync("imap");
        JsonElement out_ = await RunImaplibAsync(implicitTls: false, user);
        List<string> before = Strings(out_.GetProperty("plain_capabilities"));
        Assert.Contains("STARTTLS", before);
        Assert.Contains("LOGINDISABLED", before);
        Assert.DoesNotContain("AUTH=PLAIN", before);
        List<string> after = Strings(out_.GetProperty("capabilities"));
        Assert.DoesNotContain("STARTTLS", after);
        Assert.Contains("AUTH=SCRAM-SHA-256", after);
        Assert.Equal("OK", out_.GetProperty("login")[0].GetString());
    }

    [Fact]
    public void By_default_imap_listens_on_the_development_ports_of_loopback()
    {
        Assert.Equal("127.0.0.1:1143", Wren.Server.Configuration.WrenConfiguration.Defaults["Listeners:Imap:0"]);
        Assert.Equal("127.0.0.1:1993", Wren.Server.Configuration.WrenConfiguration.Defaults["Listeners:Imaps:0"]);
        Assert.Contains("imap", Server.Listeners.Keys);
        Assert.Contains("imaps", Server.Listeners.Keys);
    }

    [Fact]
    public async Task The_imap_and_imaps_flags_add_the_listeners()
    {
        await using var server = await WrenServerProcess.StartAsync(arguments: ["--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0"]);
        string user = await server.NewUserAsync("imap");
        using var client = NewClient();
        await client.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(new SaslMechanismScramSha256(user, WrenServerProcess.Password));
        await client.DisconnectAsync(quit: true);
        Assert.True(server.Listeners.ContainsKey("imaps"));
    }
}
