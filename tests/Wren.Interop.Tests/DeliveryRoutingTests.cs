using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;

namespace Wren.Interop.Tests;

/// <summary>Where accepted mail goes: aliases, catch-all, plus-addresses, and the outbound queue with DSN parameters.</summary>
public class DeliveryRoutingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    private async Task<string?> SendRawAsync(string from, IEnumerable<string> rcptLines, string subject, bool submission = false)
    {
        await using var c = await RawSmtpClient.ConnectAsync(submission ? Server.Submissions : Server.Smtp, implicitTls: submission);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO routing.test");
        if (submission)
        {
            string plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0alice@example.test\0{WrenServerProcess.Password}"));
            Assert.StartsWith("235", await c.CommandAsync("AUTH PLAIN " + plain));
        }
        Assert.StartsWith("250", await c.CommandAsync(from));
        foreach (string rcpt in rcptLines)
            Assert.StartsWith("250", await c.CommandAsync(rcpt));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        return await c.CommandAsync($"Subject: {subject}\r\n\r\nrouting test\r\n.");
    }

    [Fact]
    public async Task Alias_fans_out_plus_address_and_catch_all_deliver_once_per_user()
    {
        await using (var store = await Server.OpenStoreAsync())
        {
            await store.Accounts.AddDomainAsync("team.test");
            await store.Accounts.AddAliasAsync("all@team.test", EmailAddress.Parse("alice@example.test"));
            await store.Accounts.AddAliasAsync("all@team.test", EmailAddress.Parse("bob@example.test"));
            await store.Accounts.AddAliasAsync("@team.test", EmailAddress.Parse("carol@example.test"));
        }
        string subject = "fan-out " + Guid.NewGuid().ToString("N");
        string? reply = await SendRawAsync("MAIL FROM:<x@remote.test>",
            ["RCPT TO:<all@team.test>", "RCPT TO:<alice+lists@example.test>", "RCPT TO:<whoever@team.test>"], subject);
        Assert.StartsWith("250 2.0.0", reply);
        Assert.Single(await Server.ReadMailAsync("alice@example.test"), m => m.Info.Subject == subject);
        Assert.Single(await Server.ReadMailAsync("bob@example.test"), m => m.Info.Subject == subject);
        Assert.Single(await Server.ReadMailAsync("carol@example.test"), m => m.Info.Subject == subject);
    }

    [Fact]
    public async Task Submitted_mail_for_other_domains_is_queued_with_its_dsn_parameters()
    {
        string subject = "queued " + Guid.NewGuid().ToString("N");
        string? reply = await SendRawAsync("MAIL FROM:<alice@example.test> RET=HDRS ENVID=abc+2Bdef",
            ["RCPT TO:<dest@far.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;dest+40far.test", "RCPT TO:<bob@example.test>"],
            subject, submission: true);
        Assert.StartsWith("250 2.0.0", reply);
        Assert.Single(await Server.ReadMailAsync("bob@example.test"), m => m.Info.Subject == subject);
        await using var store = await Server.OpenStoreAsync();
        var queued = (await store.Queue.ListAsync()).Single(q => q.Envelope.EnvelopeId == "abc+def");
        Assert.Equal("alice@example.test", queued.Envelope.Sender?.ToString());
        Assert.Equal(DsnReturn.Headers, queued.Envelope.Return);
        var recipient = Assert.Single(queued.Envelope.Recipients);
        Assert.Equal("dest@far.test", recipient.Address.ToString());
        Assert.Equal(DsnNotify.Failure | DsnNotify.Delay, recipient.Notify);
        Assert.Equal(new OriginalRecipient("rfc822", "dest@far.test"), recipient.OriginalRecipient);
    }
}
