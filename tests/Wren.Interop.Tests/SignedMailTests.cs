using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;
using Wren.MailAuth.Dkim;

namespace Wren.Interop.Tests;

/// <summary>
/// Mail authentication between two real servers: what A's users submit leaves DKIM-signed and passes DKIM and
/// DMARC at B (SPF alone would fail there); mail that B's alias forwards to A carries B's ARC set, and A finds
/// the chain valid. Keys come from the data folders (as <c>wren dkim generate</c> makes them) and their records
/// are published on the fixture's test DNS server. Its own pair of servers, so no other test sees these records.
/// </summary>
public sealed class SignedMailTests(TwoServersFixture fixture) : IClassFixture<TwoServersFixture>
{
    private WrenServerProcess A => fixture.A;
    private WrenServerProcess B => fixture.B;

    private async Task PublishKeyAsync(WrenServerProcess server, string domain, string selector, DkimKeyAlgorithm algorithm)
    {
        var keys = new DkimKeyStore(server.DataDirectory);
        DkimKey key = await keys.LoadAsync(domain, selector, algorithm) ?? await keys.GenerateAsync(domain, selector, algorithm);
        fixture.Dns.AddTxt(key.DnsRecord.Name, [.. key.DnsRecord.Strings]);
    }

    private static async Task SubmitAsync(WrenServerProcess server, string sender, string recipient, string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(sender));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Signed by A, checked by B.\n" };
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Submissions.Address.ToString(), server.Submissions.Port, SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync(sender, WrenServerProcess.Password);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    private static async Task<string> StoredAsync(WrenServerProcess server, string user, string subject)
    {
        var (_, bytes) = Assert.Single(await server.ReadMailAsync(user), m => m.Info.Subject == subject);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The unfolded header section's fields named <paramref name="name"/>.</summary>
    private static string[] Fields(string stored, string name) =>
        stored[..stored.IndexOf("\r\n\r\n", StringComparison.Ordinal)]
            .Replace("\r\n ", " ").Replace("\r\n\t", " ")
            .Split("\r\n")
            .Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .ToArray();

    [Fact]
    public async Task Submitted_mail_is_signed_with_both_algorithms_and_passes_dkim_and_dmarc_at_the_receiver()
    {
        await PublishKeyAsync(A, TwoServersFixture.DomainA, "ed1", DkimKeyAlgorithm.Ed25519);
        await PublishKeyAsync(A, TwoServersFixture.DomainA, "rsa1", DkimKeyAlgorithm.Rsa);
        // SPF fails on purpose: DMARC can only pass through the aligned DKIM signatures.
        fixture.Dns.AddTxt(TwoServersFixture.DomainA, "v=spf1 -all");
        fixture.Dns.AddTxt("_dmarc." + TwoServersFixture.DomainA, "v=DMARC1; p=reject");
        string alice = await A.NewUserAsync("alice", TwoServersFixture.DomainA);
        string bob = await B.NewUserAsync("bob", TwoServersFixture.DomainB);
        string subject = "signed " + Guid.NewGuid().ToString("N");

        await SubmitAsync(A, alice, bob, subject);
        await A.WaitForLogAsync(line => line.Contains($": {bob} Delivered "));

        // The Sent copy on A is what went out: signed, each signature on top.
        string sent = await StoredAsync(A, alice, subject);
        string[] signatures = Fields(sent, "DKIM-Signature");
        Assert.Equal(2, signatures.Length);
        Assert.Contains(signatures, s => s.Contains("a=ed25519-sha256") && s.Contains("s=ed1") && s.Contains("d=a.test"));
        Assert.Contains(signatures, s => s.Contains("a=rsa-sha256") && s.Contains("s=rsa1") && s.Contains("d=a.test"));

        string received = await StoredAsync(B, bob, subject);
        string results = Assert.Single(Fields(received, "Authentication-Results"));
        Assert.StartsWith($"Authentication-Results: {TwoServersFixture.HostB};", results);
        Assert.Contains("spf=fail", results);
        Assert.Contains("dkim=pass header.d=a.test header.s=ed1 header.a=ed25519-sha256", results);
        Assert.Contains("dkim=pass header.d=a.test header.s=rsa1 header.a=rsa-sha256", results);
        Assert.Contains("dmarc=pass", results);
        Assert.Contains("header.from=a.test", results);
    }

    [Fact]
    public async Task Mail_forwarded_by_an_alias_carries_an_arc_set_that_the_next_hop_validates()
    {
        await PublishKeyAsync(B, TwoServersFixture.DomainB, "arc1", DkimKeyAlgorithm.Rsa);
        string carol = await A.NewUserAsync("carol", TwoServersFixture.DomainA);
        string alias = $"fwd-{Guid.NewGuid():N}"[..12] + "@" + TwoServersFixture.DomainB;
        await using (var store = await B.OpenStoreAsync())
            await store.Accounts.AddAliasAsync(alias, Wren.Mail.Addresses.EmailAddress.Parse(carol));
        string sender = $"news-{Guid.NewGuid():N}"[..16] + ".test";
        fixture.Dns.AddTxt(sender, "v=spf1 ip4:127.0.0.0/8 -all");
        string subject = "forwarded " + Guid.NewGuid().ToString("N");

        await using (var c = await RawSmtpClient.ConnectAsync(B.Smtp))
        {
            await c.ReadReplyAsync();
            await c.CommandAsync("EHLO mail." + sender);
            Assert.StartsWith("250", await c.CommandAsync($"MAIL FROM:<list@{sender}>"));
            Assert.StartsWith("250", await c.CommandAsync($"RCPT TO:<{alias}>"));
            Assert.StartsWith("354", await c.CommandAsync("DATA"));
            Assert.StartsWith("250", await c.CommandAsync(
                $"From: <list@{sender}>\r\nTo: <{alias}>\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@{sender}>\r\n\r\nHello.\r\n."));
        }
        await B.WaitForLogAsync(line => line.Contains($": {carol} Delivered "));

        string received = await StoredAsync(A, carol, subject);
        string seal = Assert.Single(Fields(received, "ARC-Seal"));
        Assert.Contains("i=1", seal);
        Assert.Contains("cv=none", seal);
        Assert.Contains("d=b.test", seal);
        string arcResults = Assert.Single(Fields(received, "ARC-Authentication-Results"));
        Assert.Contains($"{TwoServersFixture.HostB};", arcResults);
        Assert.Contains($"spf=pass smtp.mailfrom={sender}", arcResults);
        // A validates B's set: the chain passes, whatever SPF says about B forwarding another domain's mail.
        string results = Assert.Single(Fields(received, "Authentication-Results"), r => r.Contains(TwoServersFixture.HostA + ";"));
        Assert.Contains("arc=pass", results);
    }
}
