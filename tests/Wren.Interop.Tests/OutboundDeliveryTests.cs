using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// Mail leaving Wren: alice@a.test on server A submits to addresses on server B, and A's queue finds B
/// through DNS and delivers over SMTP — or retries while the host is down, bounces to the sender when B
/// refuses or the domain takes no mail, or lets a smarthost carry it. Each test has its own sender and
/// recipients, so tests never see each other's mail or log lines.
/// </summary>
public class OutboundDeliveryTests(TwoServersFixture fixture) : IClassFixture<TwoServersFixture>
{
    private WrenServerProcess A => fixture.A;
    private WrenServerProcess B => fixture.B;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];

    private Task<string> NewRemoteUserAsync(string domain = TwoServersFixture.DomainB) => B.NewUserAsync("rcpt", domain);

    private Task<string> NewSenderAsync() => A.NewUserAsync("alice", TwoServersFixture.DomainA);

    /// <summary>Submits with MailKit over implicit TLS, authenticated as the sender.</summary>
    private static async Task SubmitAsync(WrenServerProcess server, string sender, string subject, params string[] recipients)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(sender));
        foreach (string to in recipients)
            message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Sent from server A to server B.\n" };
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Submissions.Address.ToString(), server.Submissions.Port, SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync(sender, WrenServerProcess.Password);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    private static Task<string> DeliveredAsync(WrenServerProcess server, string recipient) =>
        server.WaitForLogAsync(line => line.Contains($": {recipient} Delivered "));

    private static Task<string> NoticeSentAsync(WrenServerProcess server, string sender, string kind = "Failed") =>
        server.WaitForLogAsync(line => line.Contains($"sent a {kind} notice to {sender}"));

    private static async Task<string> StoredTextAsync(WrenServerProcess server, string user, Func<MimeMessage, bool> match)
    {
        foreach (var (_, bytes) in await server.ReadMailAsync(user))
        {
            var parsed = MimeMessage.Load(new MemoryStream(bytes));
            if (match(parsed))
                return Encoding.UTF8.GetString(bytes);
        }
        throw new Xunit.Sdk.XunitException($"no matching message for {user}");
    }

    private static async Task<MultipartReport> BounceAsync(WrenServerProcess server, string sender)
    {
        var bounces = new List<MimeMessage>();
        foreach (var (info, bytes) in await server.ReadMailAsync(sender))
        {
            var parsed = MimeMessage.Load(new MemoryStream(bytes));
            if (info.Mailbox == "INBOX" && parsed.Body is MultipartReport)
                bounces.Add(parsed);
        }
        return Assert.IsType<MultipartReport>(Assert.Single(bounces).Body);
    }

    private static string StatusFields(MultipartReport report)
    {
        var status = report.OfType<MimePart>().Single(p => p.ContentType.MimeType is "message/delivery-status" or "message/global-delivery-status");
        var text = new MemoryStream();
        status.Content!.DecodeTo(text);
        return Encoding.UTF8.GetString(text.ToArray());
    }

    [Fact]
    public async Task Mail_for_another_domain_reaches_its_MX_over_starttls_with_the_senders_trace()
    {
        string sender = await NewSenderAsync();
        string recipient = await NewRemoteUserAsync();
        string subject = Unique("mx");

        await SubmitAsync(A, sender, subject, recipient);
        string logLine = await DeliveredAsync(A, recipient);

        Assert.Contains("via mx.b.test", logLine);
        string stored = await StoredTextAsync(B, recipient, m => m.Subject == subject);
        Assert.StartsWith($"Return-Path: <{sender}>\r\n", stored);
        // B's trace line names A's EHLO and shows the hop was encrypted (opportunistic STARTTLS).
        Assert.Matches(@"Received: from mx\.a\.test \(\[127\.0\.0\.\d+\]\)\r\n\tby mx\.b\.test \(Wren\) with ESMTPS id \w+\r\n\t\(using TLSv1\.[23]", stored);
        // A's own submission trace travelled along, below B's.
        Assert.Matches(@"by mx\.a\.test \(Wren\) with ESMTPSA", stored);
        Assert.Single(await B.ReadMailAsync(recipient));
        // The sender keeps a copy in Sent, and the queue entry is gone once every recipient is delivered.
        Assert.Contains(await A.ReadMailAsync(sender), m => m.Info.Mailbox == "Sent" && m.Info.Subject == subject);
        await using var store = await A.OpenStoreAsync();
        Assert.DoesNotContain(await store.Queue.ListAsync(), e => e.Envelope.Sender?.ToString() == sender);
    }

    [Fact]
    public async Task A_reply_goes_back_the_other_way_through_a_tests_MX()
    {
        string alice = await NewSenderAsync();
        string bob = await NewRemoteUserAsync();
        string subject = Unique("reply");

        await SubmitAsync(B, bob, subject, alice);
        await DeliveredAsync(B, alice);

        string stored = await StoredTextAsync(A, alice, m => m.Subject == subject);
        Assert.StartsWith($"Return-Path: <{bob}>\r\n", stored);
        Assert.Matches(@"Received: from mx\.b\.test \(\[127\.0\.0\.\d+\]\)\r\n\tby mx\.a\.test \(Wren\) with ESMTPS", stored);
    }

    [Fact]
    public async Task A_host_that_is_down_is_retried_and_gets_the_message_once_it_is_up()
    {
        // c-….test's MX is 127.0.0.4, where nothing listens yet; the sender retries after one second, doubling.
        string domain = Unique("c") + ".test";
        string host = "mx." + domain;
        fixture.Dns.AddMx(domain, 10, host);
        fixture.Dns.AddA(host, TwoServersFixture.AddressC.ToString());
        await using var sender = await fixture.StartSenderAsync(new Dictionary<string, string>
        {
            ["WREN__DELIVERY__RETRYINITIAL"] = "00:00:01",
        });
        string from = await sender.NewUserAsync("snd");
        string recipient = $"carol@{domain}";
        string subject = Unique("down");

        await SubmitAsync(sender, from, subject, recipient);
        await sender.WaitForLogAsync(line => line.Contains("recipients stay queued; next attempt at"));
        await using (var store = await sender.OpenStoreAsync())
        {
            var pending = Assert.Single(Assert.Single(await store.Queue.ListAsync()).Recipients);
            Assert.Contains("127.0.0.4", pending.LastError); // connection refused there
        }

        // The host comes up, with carol already there (a retry must not find her missing).
        string data = Directory.CreateTempSubdirectory("wren-host-c-").FullName;
        try
        {
            await WrenServerProcess.SeedUsersAsync(data, recipient);
            await using var c = await fixture.StartAsync(host, TwoServersFixture.AddressC, dataDirectory: data);
            await DeliveredAsync(sender, recipient);
            Assert.Single(await c.ReadMailAsync(recipient), m => m.Info.Subject == subject);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
        await using (var store = await sender.OpenStoreAsync())
            Assert.Empty(await store.Queue.ListAsync());
    }

    [Fact]
    public async Task A_recipient_the_remote_server_refuses_comes_back_to_the_sender_as_a_DSN_while_the_other_is_delivered()
    {
        string sender = await NewSenderAsync();
        string recipient = await NewRemoteUserAsync();
        string missing = $"{Unique("nobody")}@{TwoServersFixture.DomainB}";
        string subject = Unique("refused");

        await SubmitAsync(A, sender, subject, recipient, missing);
        await NoticeSentAsync(A, sender);

        Assert.Single(await B.ReadMailAsync(recipient), m => m.Info.Subject == subject);
        MultipartReport report = await BounceAsync(A, sender);
        Assert.Equal("delivery-status", report.ReportType);
        string fields = StatusFields(report);
        Assert.Contains($"Final-Recipient: rfc822; {missing}", fields);
        Assert.Contains("Action: failed", fields);
        Assert.Contains("Status: 5.1.1", fields);
        Assert.Contains("Remote-MTA: dns; mx.b.test", fields);
        Assert.Matches(@"Diagnostic-Code: smtp; 550 5\.1\.1 ", fields);
        // Only the refused recipient is reported; the delivered one is not mentioned.
        Assert.DoesNotContain(recipient, fields);
        await using var store = await A.OpenStoreAsync();
        Assert.DoesNotContain(await store.Queue.ListAsync(), e => e.Envelope.Sender?.ToString() == sender);
    }

    [Fact]
    public async Task A_domain_with_a_null_MX_bounces_at_once_with_5_1_10()
    {
        string domain = Unique("nomail") + ".test";
        fixture.Dns.AddMx(domain, 0, ".");
        string sender = await NewSenderAsync();

        await SubmitAsync(A, sender, Unique("nullmx"), $"someone@{domain}");
        await NoticeSentAsync(A, sender);

        string fields = StatusFields(await BounceAsync(A, sender));
        Assert.Contains($"Final-Recipient: rfc822; someone@{domain}", fields);
        Assert.Contains("Status: 5.1.10", fields);
    }

    [Fact]
    public async Task A_temporary_failure_is_retried_and_the_message_delivered_exactly_once()
    {
        // A domain whose DNS fails at first (SERVFAIL: try later), on a sender retrying after one second.
        string domain = Unique("later") + ".test";
        fixture.Dns.Fail(domain);
        await using var sender = await fixture.StartSenderAsync(new Dictionary<string, string>
        {
            ["WREN__DELIVERY__RETRYINITIAL"] = "00:00:01",
        });
        string from = await sender.NewUserAsync("snd");
        string recipient = await NewRemoteUserAsync(domain);
        string subject = Unique("retry");

        await SubmitAsync(sender, from, subject, recipient);
        await sender.WaitForLogAsync(line => line.Contains($": {recipient} Deferred "));
        await sender.WaitForLogAsync(line => line.Contains("recipients stay queued; next attempt at"));
        await using (var store = await sender.OpenStoreAsync())
        {
            var entry = Assert.Single(await store.Queue.ListAsync());
            Assert.True(entry.Attempts >= 1); // (another round may have followed a second later)
            Assert.Contains("MX lookup", entry.Recipients.Single().LastError);
        }

        fixture.Dns.Remove(domain);
        fixture.Dns.AddMx(domain, 10, TwoServersFixture.HostB);
        await DeliveredAsync(sender, recipient);

        Assert.Single(await B.ReadMailAsync(recipient), m => m.Info.Subject == subject);
        await using (var store = await sender.OpenStoreAsync())
            Assert.Empty(await store.Queue.ListAsync());
        Assert.DoesNotContain("notice", sender.Output); // a short delay is not worth a "delayed" DSN
    }

    [Fact]
    public async Task Queued_mail_survives_a_kill_and_is_delivered_once_after_the_restart()
    {
        string domain = Unique("down") + ".test";
        fixture.Dns.Fail(domain);
        string data = Directory.CreateTempSubdirectory("wren-outbound-").FullName;
        try
        {
            string recipient = await NewRemoteUserAsync(domain);
            string subject = Unique("kill");
            await using (var first = await fixture.StartSenderAsync(data))
            {
                string from = await first.NewUserAsync("snd");
                await SubmitAsync(first, from, subject, recipient);
                await first.WaitForLogAsync(line => line.Contains("recipients stay queued; next attempt at"));
                await first.KillAsync(); // SIGKILL: no shutdown code runs
            }

            fixture.Dns.Remove(domain);
            fixture.Dns.AddMx(domain, 10, TwoServersFixture.HostB);
            // The next attempt is minutes away; make it due now, as an operator would.
            using (var cli = new WrenCli())
            {
                var retry = await cli.RunRawAsync(["queue", "retry", "--all", "--data", data]);
                Assert.Equal(0, retry.ExitCode);
            }
            await using (var second = await fixture.StartSenderAsync(data))
                await DeliveredAsync(second, recipient);

            Assert.Single(await B.ReadMailAsync(recipient), m => m.Info.Subject == subject);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_smarthost_carries_everything_over_starttls_with_authentication()
    {
        // hidden.test has no DNS records at all: only the smarthost (B's submission port) can deliver it.
        string recipient = await NewRemoteUserAsync(Unique("hidden") + ".test");
        await using var sender = await fixture.StartSenderAsync(new Dictionary<string, string>
        {
            ["WREN__SMARTHOST__HOST"] = B.Submission.Address.ToString(),
            ["WREN__SMARTHOST__PORT"] = B.Submission.Port.ToString(),
            ["WREN__SMARTHOST__TLS"] = "starttls",
            ["WREN__SMARTHOST__USER"] = $"relay@{TwoServersFixture.DomainB}",
            ["WREN__SMARTHOST__PASSWORD"] = WrenServerProcess.Password,
            ["WREN__SMARTHOST__VERIFYCERTIFICATE"] = "false",
        });
        string from = await sender.NewUserAsync("snd");
        string subject = Unique("smarthost");

        await SubmitAsync(sender, from, subject, recipient);
        await DeliveredAsync(sender, recipient);

        string stored = await StoredTextAsync(B, recipient, m => m.Subject == subject);
        Assert.StartsWith($"Return-Path: <{from}>\r\n", stored);
        Assert.Matches(@"by mx\.b\.test \(Wren\) with ESMTPSA id \w+\r\n\t\(using TLSv1\.[23] with cipher \w+\)\r\n\t\(authenticated as relay@b\.test\)", stored);
    }
}
