namespace Wren.Imap.Tests.Server;

/// <summary>STARTTLS (RFC 9051 §6.2.1): OK, handshake, a fresh reader; plaintext pipelined behind it is dropped.</summary>
public sealed class ImapStartTlsTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task Starttls_then_login_works_and_the_capabilities_change()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync();
        Assert.Equal(["a OK Begin TLS negotiation now"], await c.CommandAsync("a", "STARTTLS"));
        await c.StartTlsAsync();
        List<string> capability = await c.CommandAsync("b", "CAPABILITY");
        Assert.Contains("AUTH=PLAIN", capability[0]);
        Assert.DoesNotContain("STARTTLS", capability[0]);
        Assert.StartsWith("c OK [CAPABILITY IMAP4rev2 ", (await c.CommandAsync("c", $"LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\""))[^1]);
    }

    [Fact]
    public async Task Commands_pipelined_after_starttls_in_plaintext_are_discarded()
    {
        await using var server = new ImapTestServer(fixture, new Wren.Imap.Server.ImapServerOptions { AllowInsecureAuth = true });
        await using var c = await server.ConnectAsync();
        // An attacker in the path appends a command to the client's STARTTLS (the RFC 3207 §4.2 injection).
        await c.WriteAsync($"a STARTTLS\r\nb LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\"\r\n");
        Assert.Equal("a OK Begin TLS negotiation now", await c.ReadLineAsync());
        await c.StartTlsAsync();
        // Still not authenticated: the injected LOGIN never ran, and nothing answers tag b.
        List<string> lines = await c.CommandAsync("c", "NAMESPACE");
        Assert.Equal(["c BAD NAMESPACE needs authentication first: use LOGIN or AUTHENTICATE"], lines);
    }

    [Fact]
    public async Task Starttls_is_refused_under_tls_and_after_login()
    {
        await using var server = new ImapTestServer(fixture);
        await using (var c = await server.ConnectAsync(implicitTls: true))
            Assert.Equal(["a BAD TLS is already active"], await c.CommandAsync("a", "STARTTLS"));
        await using (var c = await server.LoginAsync())
            Assert.Equal(["a BAD STARTTLS is not allowed after authentication"], await c.CommandAsync("a", "STARTTLS"));
    }

    [Fact]
    public async Task Login_and_authenticate_before_tls_need_privacy()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync();
        Assert.Equal(["a NO [PRIVACYREQUIRED] LOGIN is disabled until TLS is active: use STARTTLS first"],
            await c.CommandAsync("a", $"LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\""));
        Assert.Equal(["b NO [PRIVACYREQUIRED] Authentication needs TLS: use STARTTLS first"],
            await c.CommandAsync("b", "AUTHENTICATE PLAIN"));
    }
}
