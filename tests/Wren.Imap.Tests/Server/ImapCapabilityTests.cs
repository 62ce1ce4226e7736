using Wren.Imap.Server;

namespace Wren.Imap.Tests.Server;

/// <summary>The greeting and CAPABILITY (RFC 9051 §6.1.1, §7.2.2): one list, computed from the state and TLS.</summary>
public sealed class ImapCapabilityTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    internal const string Extensions = " UNSELECT UIDPLUS MOVE CONDSTORE QRESYNC IDLE SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED LIST-STATUS CHILDREN ESEARCH SEARCHRES SORT SORT=DISPLAY ESORT WITHIN THREAD=REFERENCES THREAD=ORDEREDSUBJECT QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE STATUS=SIZE OBJECTID UTF8=ACCEPT BINARY COMPRESS=DEFLATE APPENDLIMIT=67108864";
    internal const string BeforeTls = "IMAP4rev2 IMAP4rev1 STARTTLS LOGINDISABLED ENABLE ID LITERAL- NAMESPACE" + Extensions;
    internal const string UnderTls = "IMAP4rev2 IMAP4rev1 AUTH=PLAIN AUTH=SCRAM-SHA-256 SASL-IR ENABLE ID LITERAL- NAMESPACE" + Extensions;
    internal const string LoggedIn = "IMAP4rev2 IMAP4rev1 ENABLE ID LITERAL- NAMESPACE" + Extensions;

    [Fact]
    public async Task The_plaintext_greeting_offers_starttls_and_disables_login()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync();
        Assert.Equal($"* OK [CAPABILITY {BeforeTls}] imap.test Wren IMAP4rev2 server ready", c.Greeting);
        Assert.Equal(["* CAPABILITY " + BeforeTls, "a OK CAPABILITY completed"], await c.CommandAsync("a", "CAPABILITY"));
    }

    [Fact]
    public async Task Under_implicit_tls_the_mechanisms_are_offered_and_starttls_is_not()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        Assert.Equal($"* OK [CAPABILITY {UnderTls}] imap.test Wren IMAP4rev2 server ready", c.Greeting);
        Assert.Equal(["* CAPABILITY " + UnderTls, "a OK CAPABILITY completed"], await c.CommandAsync("a", "capability"));
    }

    [Fact]
    public async Task After_login_the_list_drops_authentication()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["* CAPABILITY " + LoggedIn, "a OK CAPABILITY completed"], await c.CommandAsync("a", "CAPABILITY"));
    }

    [Fact]
    public async Task Insecure_auth_when_allowed_offers_the_mechanisms_and_no_starttls_without_a_certificate()
    {
        await using var server = new ImapTestServer(fixture, new ImapServerOptions { AllowInsecureAuth = true }, tls: false);
        await using var c = await server.ConnectAsync();
        Assert.Equal($"* OK [CAPABILITY {UnderTls}] imap.test Wren IMAP4rev2 server ready", c.Greeting);
        Assert.Equal(["a BAD STARTTLS is not available"], await c.CommandAsync("a", "STARTTLS"));
    }

    [Fact]
    public async Task Literal_plus_is_advertised_when_configured()
    {
        await using var server = new ImapTestServer(fixture, new ImapServerOptions { LiteralPlus = true });
        await using var c = await server.ConnectAsync();
        Assert.Contains(" LITERAL+ ", c.Greeting);
        Assert.DoesNotContain("LITERAL-", c.Greeting);
    }
}
