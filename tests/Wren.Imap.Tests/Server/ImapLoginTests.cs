using System.Text;
using Wren.Imap.Server;

namespace Wren.Imap.Tests.Server;

/// <summary>LOGIN (RFC 9051 §6.2.3) with quoted strings and literals; failures and their throttle.</summary>
public sealed class ImapLoginTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private static readonly int PasswordOctets = Encoding.UTF8.GetByteCount(ImapStoreFixture.Password);
    private static readonly int UserOctets = Encoding.UTF8.GetByteCount(ImapStoreFixture.User);

    [Fact]
    public async Task Login_with_synchronizing_literals_waits_for_each_continuation()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        await c.WriteAsync($"a LOGIN {{{UserOctets}}}\r\n");
        Assert.Equal("+ Ready for literal data", await c.ReadLineAsync());
        await c.WriteAsync($"{ImapStoreFixture.User} {{{PasswordOctets}}}\r\n");
        Assert.Equal("+ Ready for literal data", await c.ReadLineAsync());
        await c.WriteAsync(ImapStoreFixture.Password + "\r\n");
        Assert.Equal("a OK [CAPABILITY " + ImapCapabilityTests.LoggedIn + "] Logged in", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Login_with_non_synchronizing_literals_gets_no_continuation()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        await c.WriteAsync($"a LOGIN {{{UserOctets}+}}\r\n{ImapStoreFixture.User} {{{PasswordOctets}+}}\r\n{ImapStoreFixture.Password}\r\n");
        Assert.StartsWith("a OK [CAPABILITY ", await c.ReadLineAsync());
    }

    [Fact]
    public async Task A_non_synchronizing_literal_over_4096_octets_is_too_big_and_the_connection_stays_in_step()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        string big = new('x', 5000);
        await c.WriteAsync($"a LOGIN {{5000+}}\r\n{big} secret\r\nb NOOP\r\n");
        Assert.Equal("a BAD [TOOBIG] Non-synchronizing literals are limited to 4096 octets (LITERAL-)", await c.ReadLineAsync());
        Assert.Equal("b OK NOOP completed", await c.ReadLineAsync());
    }

    [Fact]
    public async Task With_literal_plus_a_large_non_synchronizing_literal_is_read()
    {
        await using var server = new ImapTestServer(fixture, new ImapServerOptions { LiteralPlus = true });
        await using var c = await server.ConnectAsync(implicitTls: true);
        string big = new('x', 5000);
        await c.WriteAsync($"a LOGIN {{5000+}}\r\n{big} secret\r\n");
        Assert.Equal("a NO [AUTHENTICATIONFAILED] Authentication failed", await c.ReadLineAsync());
    }

    [Fact]
    public async Task A_second_login_is_bad()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a BAD LOGIN is not allowed after authentication"],
            await c.CommandAsync("a", $"LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\""));
        Assert.Equal(["b BAD AUTHENTICATE is not allowed after authentication"], await c.CommandAsync("b", "AUTHENTICATE PLAIN"));
    }

    [Fact]
    public async Task Failed_logins_get_authenticationfailed_with_growing_delays_on_the_servers_clock()
    {
        var time = new ObservedTimeProvider();
        await using var server = new ImapTestServer(fixture, time: time);
        await using var c = await server.ConnectAsync(implicitTls: true);
        // RFC 5530 §3: AUTHENTICATIONFAILED; the first two failures cost nothing (the shared throttle's defaults).
        Assert.Equal(["a NO [AUTHENTICATIONFAILED] Authentication failed"], await c.CommandAsync("a", $"LOGIN {ImapStoreFixture.User} wrong"));
        Assert.Equal(["b NO [AUTHENTICATIONFAILED] Authentication failed"], await c.CommandAsync("b", "LOGIN nobody@example.test wrong"));

        // The third waits one second of the server's clock, the fourth two: the answer comes only after them.
        Task<List<string>> third = c.CommandAsync("c", $"LOGIN {ImapStoreFixture.User} wrong");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["c NO [AUTHENTICATIONFAILED] Authentication failed"], await third);

        Task<List<string>> fourth = c.CommandAsync("d", $"LOGIN {ImapStoreFixture.User} wrong");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["d NO [AUTHENTICATIONFAILED] Authentication failed"], await fourth);

        // A success forgets the address's failures.
        Assert.StartsWith("e OK [CAPABILITY ", (await c.CommandAsync("e", $"LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\""))[^1]);
        Assert.Equal(0, server.Throttle.TrackedAddresses);
    }
}
