using System.Text;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>RFC 5321 §6.3: a message that has been through too many hops is a loop, refused with 554 5.4.6.</summary>
public class MailLoopTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private async Task<string?> SendWithHopsAsync(int receivedFields)
    {
        var message = new StringBuilder();
        for (int i = 0; i < receivedFields; i++)
            message.Append($"Received: from relay{i}.test by relay{i + 1}.test; Tue, 1 Dec 2026 08:00:00 +0000\r\n");
        message.Append($"Subject: hops {receivedFields}\r\n\r\nround and round\r\n.");
        await using var c = await RawSmtpClient.ConnectAsync(fixture.Server.Smtp);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO loop.test");
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<someone@remote.test>"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        return await c.CommandAsync(message.ToString());
    }

    [Fact]
    public async Task A_message_over_the_hop_limit_is_refused_as_a_loop_and_not_stored()
    {
        // 100 Received fields plus Wren's own is one over the default limit of 100.
        Assert.StartsWith("554 5.4.6", await SendWithHopsAsync(100));
        Assert.DoesNotContain(await fixture.Server.ReadMailAsync("bob@example.test"), m => m.Info.Subject == "hops 100");
    }

    [Fact]
    public async Task A_message_at_the_hop_limit_is_accepted()
    {
        Assert.StartsWith("250 2.0.0", await SendWithHopsAsync(99));
        Assert.Single(await fixture.Server.ReadMailAsync("bob@example.test"), m => m.Info.Subject == "hops 99");
    }
}
