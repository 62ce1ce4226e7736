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
