using System.Diagnostics;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>POP3 login throttling, autologout and shutdown, each on a server of its own.</summary>
public class Pop3SessionLimitTests
{
    [Fact]
    public async Task Failed_logins_get_auth_errors_with_growing_delays_and_autologout_deletes_nothing()
    {
        await using var server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__POP3__IDLETIMEOUT"] = "00:00:02",
        });
        string user = await server.NewUserAsync();
        await server.DeliverAsync(user, Pop3Messages.Create("kept"));

        await using (var c = await RawPop3Client.ConnectAsync(server.Pop3s, implicitTls: true))
        {
            await c.ReadLineAsync();
            var elapsed = new List<TimeSpan>();
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal("+OK send PASS", await c.CommandAsync("USER " + user));
                var watch = Stopwatch.StartNew();
                Assert.Equal("-ERR [AUTH] Authentication failed", await c.CommandAsync("PASS wrong password"));
                elapsed.Add(watch.Elapsed);
            }
            // Two free failures, then 1 s, then 2 s (the throttle SMTP AUTH shares). Only the delays the
            // server must have waited are checked: a loaded machine may take longer, never shorter.
            Assert.True(elapsed[2] >= TimeSpan.FromSeconds(0.9), string.Join(", ", elapsed));
            Assert.True(elapsed[3] >= TimeSpan.FromSeconds(1.9), string.Join(", ", elapsed));
            // AUTH fails the same way (a SASL PLAIN with a wrong password).
            string token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{user}\0nope"));
            Assert.Equal("-ERR [AUTH] Authentication failed", await c.CommandAsync("AUTH PLAIN " + token));
        }

        await using (var c = await RawPop3Client.LoginAsync(server.Pop3s, user))
        {
            Assert.Equal("+OK message 1 deleted", await c.CommandAsync("DELE 1"));
            // RFC 1939 §3: the autologout timer ends the session without the UPDATE state.
            Assert.Equal("-ERR autologout: idle for too long", await c.ReadLineAsync());
            Assert.True(await c.IsClosedAsync());
        }
        Assert.Equal("kept", Assert.Single(await server.ReadMailAsync(user)).Info.Subject);
    }

    [Fact]
    public async Task Connections_over_the_limit_are_refused_and_shutdown_tells_open_sessions_and_deletes_nothing()
    {
        await using var server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__LIMITS__MAXCONNECTIONS"] = "1",
        });
        string user = await server.NewUserAsync();
        await server.DeliverAsync(user, Pop3Messages.Create("survives"));
        await using var c = await RawPop3Client.LoginAsync(server.Pop3s, user);
        Assert.Equal("+OK message 1 deleted", await c.CommandAsync("DELE 1"));

        // The limit is shared with SMTP. A plaintext refusal says why; on the TLS port the server just closes.
        await using (var refused = await RawPop3Client.ConnectAsync(server.Pop3))
        {
            Assert.Equal("-ERR [SYS/TEMP] too many connections, try again later", await refused.ReadLineAsync());
            Assert.True(await refused.IsClosedAsync());
        }
        await using (var refusedTls = await RawPop3Client.ConnectAsync(server.Pop3s))
            Assert.True(await refusedTls.IsClosedAsync());

        await server.StopAsync();

        Assert.Equal("-ERR [SYS/TEMP] server shutting down", await c.ReadLineAsync());
        Assert.True(await c.IsClosedAsync());
        Assert.Equal("survives", Assert.Single(await server.ReadMailAsync(user)).Info.Subject);
    }
}
