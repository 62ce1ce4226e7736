using System.Text;
using Wren.Net.Sasl.Client;

namespace Wren.Imap.Tests.Server;

/// <summary>AUTHENTICATE (RFC 9051 §6.2.2) with SASL-IR (RFC 4959), continuations and cancellation.</summary>
public sealed class ImapAuthenticateTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private static string Plain(string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{ImapStoreFixture.User}\0{password}"));

    [Fact]
    public async Task Plain_with_an_initial_response()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        Assert.Equal(["a OK [CAPABILITY " + ImapCapabilityTests.LoggedIn + "] Logged in"],
            await c.CommandAsync("a", "AUTHENTICATE PLAIN " + Plain(ImapStoreFixture.Password)));
    }

    [Fact]
    public async Task Plain_after_an_empty_challenge()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        await c.WriteAsync("a authenticate plain\r\n");
        Assert.Equal("+ ", await c.ReadLineAsync());
        await c.WriteAsync(Plain(ImapStoreFixture.Password) + "\r\n");
        Assert.StartsWith("a OK [CAPABILITY ", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Scram_sha_256_proves_both_sides()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        var scram = SaslClientMechanisms.Create("SCRAM-SHA-256", ImapStoreFixture.User, ImapStoreFixture.Password);
        await c.WriteAsync("a AUTHENTICATE SCRAM-SHA-256 " + Convert.ToBase64String(scram.InitialResponse()!) + "\r\n");
        string line;
        while ((line = (await c.ReadLineAsync())!).StartsWith("+ ", StringComparison.Ordinal))
            await c.WriteAsync(Convert.ToBase64String(scram.Respond(Convert.FromBase64String(line[2..]))) + "\r\n");
        Assert.StartsWith("a OK [CAPABILITY ", line);
        Assert.True(scram.IsComplete); // the server's signature was checked
    }

    [Fact]
    public async Task Scram_with_a_wrong_password_fails()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        var scram = SaslClientMechanisms.Create("SCRAM-SHA-256", ImapStoreFixture.User, "wrong");
        await c.WriteAsync("a AUTHENTICATE SCRAM-SHA-256\r\n");
        Assert.Equal("+ ", await c.ReadLineAsync());
        await c.WriteAsync(Convert.ToBase64String(scram.InitialResponse()!) + "\r\n");
        string challenge = (await c.ReadLineAsync())!;
        await c.WriteAsync(Convert.ToBase64String(scram.Respond(Convert.FromBase64String(challenge[2..]))) + "\r\n");
        Assert.Equal("a NO [AUTHENTICATIONFAILED] Authentication failed", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Plain_with_a_wrong_password_fails()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        Assert.Equal(["a NO [AUTHENTICATIONFAILED] Authentication failed"], await c.CommandAsync("a", "AUTHENTICATE PLAIN " + Plain("nope")));
    }

    [Fact]
    public async Task A_star_cancels_and_the_session_goes_on()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        await c.WriteAsync("a AUTHENTICATE PLAIN\r\n");
        Assert.Equal("+ ", await c.ReadLineAsync());
        await c.WriteAsync("*\r\n");
        Assert.Equal("a BAD AUTHENTICATE cancelled", await c.ReadLineAsync());
        Assert.Equal(["b OK NOOP completed"], await c.CommandAsync("b", "NOOP"));
    }

    [Fact]
    public async Task Invalid_base64_is_bad()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        await c.WriteAsync("a AUTHENTICATE PLAIN\r\n");
        Assert.Equal("+ ", await c.ReadLineAsync());
        await c.WriteAsync("not base64!\r\n");
        Assert.Equal("a BAD Invalid BASE64 in the authentication response", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Mechanisms_not_offered_get_no()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        Assert.Equal(["a NO Unsupported authentication mechanism CRAM-MD5"], await c.CommandAsync("a", "AUTHENTICATE CRAM-MD5"));
        // SASL LOGIN exists for SMTP; IMAP has its own LOGIN command.
        Assert.Equal(["b NO Unsupported authentication mechanism LOGIN"], await c.CommandAsync("b", "AUTHENTICATE LOGIN"));
    }
}
