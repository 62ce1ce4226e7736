using System.Net;
using Microsoft.Extensions.Time.Testing;
using Wren.Imap.Server;
using Wren.Net.Limits;

namespace Wren.Imap.Tests.Server;

/// <summary>Too many errors, autologout (RFC 9051 §5.4), shutdown, connection limits and server faults.</summary>
public sealed class ImapSessionLimitTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task Too_many_errors_end_the_session_with_bye()
    {
        await using var server = new ImapTestServer(fixture, new ImapServerOptions { MaxErrors = 3 });
        await using var c = await server.ConnectAsync();
        Assert.Equal(["a BAD Unknown command BOGUS"], await c.CommandAsync("a", "BOGUS"));
        Assert.Equal(["b OK NOOP completed"], await c.CommandAsync("b", "NOOP"));
        Assert.Equal(["c BAD Unknown command BOGUS"], await c.CommandAsync("c", "BOGUS"));
        await c.WriteAsync("d BOGUS\r\n");
        Assert.Equal("d BAD Unknown command BOGUS", await c.ReadLineAsync());
        Assert.Equal("* BYE Too many invalid commands", await c.ReadLineAsync());
        Assert.True(await c.IsClosedAsync());
    }

    [Fact]
    public async Task Autologout_comes_after_one_minute_before_login()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new ImapTestServer(fixture, time: time);
        await using var c = await server.ConnectAsync();
        // The timer is armed before the greeting is sent, so the clock can move now.
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(["a OK NOOP completed"], await c.CommandAsync("a", "NOOP"));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("* BYE Autologout; idle for too long", await c.ReadLineAsync());
        Assert.True(await c.IsClosedAsync());
    }

    [Fact]
    public async Task Autologout_comes_after_thirty_idle_minutes_once_logged_in()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Plaintext: a jump of the fake clock may also expire the timer of a flush whose bytes the client has
        // already read; under TLS the dropped record would garble the BYE (see Shutdown_says_bye_unavailable).
        await using var server = new ImapTestServer(fixture, new ImapServerOptions { AllowInsecureAuth = true }, time: time, tls: false);
        Assert.Equal(TimeSpan.FromMinutes(30), new ImapServerOptions().IdleTimeout); // RFC 9051 §5.4: at least 30 minutes
        await using var c = await server.ConnectAsync();
        Assert.StartsWith("l OK [CAPABILITY ", (await c.CommandAsync("l", $"LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\""))[^1]);
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(["a OK NOOP completed"], await c.CommandAsync("a", "NOOP"));
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(["b OK NOOP completed"], await c.CommandAsync("b", "NOOP"));
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal("* BYE Autologout; idle for too long", await c.ReadLineAsync());
        Assert.True(await c.IsClosedAsync());
    }

    [Fact]
    public async Task Shutdown_says_bye_unavailable()
    {
        // The stop comes while the session waits (here: in a throttle delay, which the test can see begin).
        // Stopping just as a flush finishes can lose the BYE: StreamPipeWriter keeps the flush's cancelled
        // token for the next flush (see docs/rfc-status/Wren.Imap.Server.md), which LineConnection would have to avoid.
        var time = new ObservedTimeProvider();
        await using var server = new ImapTestServer(fixture, time: time);
        await using var c = await server.ConnectAsync(implicitTls: true);
        await c.CommandAsync("a", "LOGIN nobody@example.test wrong");
        await c.CommandAsync("b", "LOGIN nobody@example.test wrong");
        await c.WriteAsync("c LOGIN nobody@example.test wrong\r\n");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        await server.StopAsync();
        Assert.Equal("* BYE [UNAVAILABLE] Server shutting down", await c.ReadLineAsync());
        Assert.True(await c.IsClosedAsync());
    }

    [Fact]
    public async Task Connections_over_the_limit_get_bye_in_plaintext_and_a_close_under_tls()
    {
        var limiter = new ConnectionLimiter(1, 1) { ExemptLoopback = false };
        await using var server = new ImapTestServer(fixture, limiter: limiter);
        await using var first = await server.ConnectAsync();
        await using (var refused = await server.ConnectAsync())
        {
            Assert.Equal("* BYE [UNAVAILABLE] Too many connections, try again later", refused.Greeting);
            Assert.True(await refused.IsClosedAsync());
        }
        await Assert.ThrowsAnyAsync<Exception>(() => server.ConnectAsync(implicitTls: true));
        Assert.Equal(["a OK NOOP completed"], await first.CommandAsync("a", "NOOP"));
        Assert.Equal(1, limiter.ActiveConnectionsFrom(IPAddress.Loopback));
    }

    [Fact]
    public async Task A_fault_fails_the_command_with_serverbug_and_the_session_lives_on()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        server.FailCredentials = true;
        Assert.Equal(["a NO [SERVERBUG] LOGIN failed: internal server error"],
            await c.CommandAsync("a", $"LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\""));
        server.FailCredentials = false;
        Assert.StartsWith("b OK [CAPABILITY ", (await c.CommandAsync("b", $"LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\""))[^1]);
    }
}
