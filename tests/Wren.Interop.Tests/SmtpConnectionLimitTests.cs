using System.Diagnostics;
using System.Text;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>Replies that need a server of their own: connection limits, timeouts, shutdown.</summary>
public class SmtpConnectionLimitTests
{
    [Fact]
    public async Task Too_many_connections_from_one_address_is_421_4_7_0()
    {
        await using var server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__LIMITS__MAXCONNECTIONSPERADDRESS"] = "2",
            ["WREN__LIMITS__EXEMPTLOOPBACK"] = "false",
        });
        await using var first = await RawSmtpClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await first.ReadReplyAsync());
        await using var second = await RawSmtpClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await second.ReadReplyAsync());
        await using var third = await RawSmtpClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("421 4.7.0", await third.ReadReplyAsync());
        Assert.Null(await third.ReadReplyAsync());
    }

    [Fact]
    public async Task Too_many_connections_in_all_is_421_4_7_0_even_from_loopback()
    {
        await using var server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__LIMITS__MAXCONNECTIONS"] = "1",
        });
        await using var first = await RawSmtpClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await first.ReadReplyAsync());
        await using var second = await RawSmtpClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("421 4.7.0", await second.ReadReplyAsync());
    }

    [Fact]
    public async Task Failed_authentications_are_535_5_7_8_with_growing_delays()
    {
        await using var server = await WrenServerProcess.StartAsync();
        await server.AddUsersAsync("alice@example.test");
        await using var c = await RawSmtpClient.ConnectAsync(server.Submissions, implicitTls: true);
        Assert.StartsWith("220", await c.ReadReplyAsync());
        Assert.StartsWith("250", await c.CommandAsync("EHLO client.test"));
        string wrong = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice@example.test\0wrong"));
        var elapsed = new List<TimeSpan>();
        for (int i = 0; i < 4; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.StartsWith("535 5.7.8", await c.CommandAsync("AUTH PLAIN " + wrong));
            elapsed.Add(watch.Elapsed);
        }
        // Two free failures, then 1 s, then 2 s from this address. Only the waits the server must have made
        // are checked (a loaded machine may answer later, never sooner).
        Assert.True(elapsed[2] >= TimeSpan.FromSeconds(0.9), string.Join(", ", elapsed));
        Assert.True(elapsed[3] >= TimeSpan.FromSeconds(1.9), string.Join(", ", elapsed));
    }

    [Fact]
    public async Task Idle_client_gets_421_4_4_2_after_the_command_timeout()
    {
        await using var server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__SMTP__COMMANDTIMEOUT"] = "00:00:01",
        });
        await using var c = await RawSmtpClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await c.ReadReplyAsync());
        // The client says nothing; the server's timer (not the test) decides when to give up.
        Assert.StartsWith("421 4.4.2", await c.ReadReplyAsync());
        Assert.Null(await c.ReadReplyAsync());
    }

    [Fact]
    public async Task Stopping_the_server_tells_sessions_421_4_3_2()
    {
        await using var server = await WrenServerProcess.StartAsync();
        await using var c = await RawSmtpClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await c.ReadReplyAsync());
        Assert.StartsWith("250", await c.CommandAsync("EHLO client.test"));
        await server.StopAsync();
        Assert.StartsWith("421 4.3.2", await c.ReadReplyAsync());
    }
}
