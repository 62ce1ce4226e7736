using System.Text;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// Mail arriving at the MX port is checked (SPF, DKIM, DMARC) and the verdict acts: one Authentication-Results
/// field with Wren's authserv-id, forged ones removed; DMARC p=reject refused with 550 5.7.1, p=quarantine
/// filed in Junk, a DNS failure on a p=reject domain answered 451 (try later). Each test plays its own sender
/// domain, published on the fixture's test DNS server.
/// </summary>
public sealed class MailAuthTests(MailAuthFixture fixture) : IClassFixture<MailAuthFixture>
{
    private WrenServerProcess Server => fixture.Server;

    /// <summary>Sends one message from 127.0.0.1 to the MX port; returns the reply to the end of data.</summary>
    private async Task<string?> SendAsync(string mailFrom, string message, string rcpt = "alice@example.test")
    {
        await using var c = await RawSmtpClient.ConnectAsync(Server.Smtp);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO client.sender.test");
        Assert.StartsWith("250", await c.CommandAsync($"MAIL FROM:<{mailFrom}>"));
        Assert.StartsWith("250", await c.CommandAsync($"RCPT TO:<{rcpt}>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        return await c.CommandAsync(message + "\r\n.");
    }

    private static string Message(string from, string subject, string extraHeaders = "") =>
        $"{extraHeaders}From: <{from}>\r\nTo: <alice@example.test>\r\nSubject: {subject}\r\n" +
        $"Message-ID: <{Guid.NewGuid():N}@sender.test>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nHello.\r\n";

    private async Task<(string Mailbox, string Text)> StoredAsync(string subject)
    {
        var mail = await Server.ReadMailAsync("alice@example.test");
        var found = Assert.Single(mail, m => m.Info.Subject == subject);
        return (found.Info.Mailbox, Encoding.UTF8.GetString(found.Bytes));
    }

    private static string[] AuthenticationResults(string stored) =>
        stored[..stored.IndexOf("\r\n\r\n", StringComparison.Ordinal)]
            .Replace("\r\n ", " ").Replace("\r\n\t", " ")
            .Split("\r\n")
            .Where(l => l.StartsWith("Authentication-Results:", StringComparison.OrdinalIgnoreCase))
            .ToArray();

    private static string NewDomain(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24] + ".test";

    [Fact]
    public async Task Aligned_spf_pass_gives_dmarc_pass_in_one_results_field_on_top()
    {
        string domain = NewDomain("pass");
        fixture.Dns.AddTxt(domain, "v=spf1 ip4:127.0.0.1 -all");
        fixture.Dns.AddTxt("_dmarc." + domain, "v=DMARC1; p=reject");
        string subject = "pass " + Guid.NewGuid().ToString("N");
        Assert.StartsWith("250 ", await SendAsync($"news@{domain}", Message($"news@{domain}", subject)));

        var (mailbox, stored) = await StoredAsync(subject);
        Assert.Equal("INBOX", mailbox);
        string results = Assert.Single(AuthenticationResults(stored));
        Assert.StartsWith($"Authentication-Results: {WrenServerProcess.Hostname};", results);
        Assert.Contains($"spf=pass smtp.mailfrom={domain}", results);
        Assert.Matches("spf=none [^;]*smtp.helo=client.sender.test", results); // RFC 7208 §2.3: HELO checked too
        Assert.Contains("dkim=none", results);
        Assert.Contains($"dmarc=pass", results);
        Assert.Contains($"header.from={domain}", results);
        // RFC 8601 §5: on top, above Wren's own Received field (Return-Path aside).
        Assert.Matches("^Return-Path: <[^>]*>\r\nAuthentication-Results: ", stored);
    }

    [Fact]
    public async Task Dmarc_reject_policy_is_answered_with_550_5_7_1_and_nothing_is_stored()
    {
        string domain = NewDomain("reject");
        fixture.Dns.AddTxt(domain, "v=spf1 ip4:192.0.2.1 -all");
        fixture.Dns.AddTxt("_dmarc." + domain, "v=DMARC1; p=reject");
        string subject = "reject " + Guid.NewGuid().ToString("N");
        string? reply = await SendAsync($"ceo@{domain}", Message($"ceo@{domain}", subject));
        Assert.StartsWith("550 5.7.1 ", reply);
        Assert.DoesNotContain(await Server.ReadMailAsync("alice@example.test"), m => m.Info.Subject == subject);
        // The evaluation is kept for aggregate reports (RFC 7489 §7.2), refused or not.
        string rows = string.Concat(Directory.GetFiles(Path.Combine(Server.DataDirectory, "dmarc"), "*.jsonl").Select(File.ReadAllText));
        Assert.Contains($"\"headerFrom\":\"{domain}\"", rows);
        Assert.Contains("\"disposition\":\"reject\"", rows);
    }

    [Fact]
    public async Task Dmarc_quarantine_policy_files_the_message_in_Junk()
    {
        string domain = NewDomain("quar");
        fixture.Dns.AddTxt(domain, "v=spf1 -all");
        fixture.Dns.AddTxt("_dmarc." + domain, "v=DMARC1; p=quarantine");
        string subject = "quarantine " + Guid.NewGuid().ToString("N");
        Assert.StartsWith("250 ", await SendAsync($"x@{domain}", Message($"x@{domain}", subject)));
        var (mailbox, stored) = await StoredAsync(subject);
        Assert.Equal("Junk", mailbox);
        string results = Assert.Single(AuthenticationResults(stored));
        Assert.Contains("spf=fail", results);
        Assert.Contains("dmarc=fail", results);
    }

    [Fact]
    public async Task Spf_fail_alone_does_not_reject_by_default()
    {
        string domain = NewDomain("spffail");
        fixture.Dns.AddTxt(domain, "v=spf1 -all");
        string subject = "spf fail " + Guid.NewGuid().ToString("N");
        Assert.StartsWith("250 ", await SendAsync($"x@{domain}", Message($"x@{domain}", subject)));
        var (mailbox, stored) = await StoredAsync(subject);
        Assert.Equal("INBOX", mailbox);
        string results = Assert.Single(AuthenticationResults(stored));
        Assert.Contains("spf=fail", results);
        Assert.Contains("dmarc=none", results);
    }

    [Fact]
    public async Task Forged_results_claiming_wrens_id_are_removed_and_others_kept()
    {
        string domain = NewDomain("forged");
        fixture.Dns.AddTxt(domain, "v=spf1 ip4:127.0.0.1 -all");
        string subject = "forged " + Guid.NewGuid().ToString("N");
        string forged =
            $"Authentication-Results: {WrenServerProcess.Hostname.ToUpperInvariant()};\r\n\tdkim=pass header.d=bank.test; dmarc=pass header.from=bank.test\r\n" +
            "Authentication-Results: relay.other.test; spf=pass smtp.mailfrom=other.test\r\n";
        Assert.StartsWith("250 ", await SendAsync($"x@{domain}", Message($"x@{domain}", subject, forged)));
        var (_, stored) = await StoredAsync(subject);
        string[] results = AuthenticationResults(stored);
        Assert.Equal(2, results.Length);
        Assert.Single(results, r => r.StartsWith($"Authentication-Results: {WrenServerProcess.Hostname};") && r.Contains("spf=pass"));
        Assert.Single(results, r => r.Contains("relay.other.test"));
        Assert.DoesNotContain("bank.test", stored);
    }

    [Fact]
    public async Task Dns_failure_on_a_reject_domain_asks_to_try_later()
    {
        string domain = NewDomain("servfail");
        fixture.Dns.Fail(domain);
        fixture.Dns.AddTxt("_dmarc." + domain, "v=DMARC1; p=reject");
        string subject = "servfail " + Guid.NewGuid().ToString("N");
        string? reply = await SendAsync($"x@{domain}", Message($"x@{domain}", subject));
        Assert.Matches(@"^451 4\.7\.\d+ ", reply);
        Assert.DoesNotContain(await Server.ReadMailAsync("alice@example.test"), m => m.Info.Subject == subject);
    }

    [Fact]
    public async Task Malformed_records_and_signatures_give_their_rfc_results_and_the_mail_is_delivered()
    {
        string domain = NewDomain("broken");
        fixture.Dns.AddTxt(domain, "v=spf1 ip4:300.1.2.3 include: -all"); // RFC 7208 §4.6: syntax error → permerror
        fixture.Dns.AddTxt("_dmarc." + domain, "v=DMARC1; p=bogus; pct=x");
        fixture.Dns.AddTxt("s1._domainkey." + domain, "v=DKIM1; k=rsa; p=not-base64!!");
        string subject = "broken " + Guid.NewGuid().ToString("N");
        string signatures =
            $"DKIM-Signature: v=1; a=rsa-sha256; d={domain}; s=s1; h=from; bh=AAAA; b=AAAA\r\n" + // key record unusable
            "DKIM-Signature: v=1; a=rsa-sha256; d=; b=\r\n" +                                      // no usable tags
            "DKIM-Signature: \x01\x02 garbage ;;; =\r\n";
        Assert.StartsWith("250 ", await SendAsync($"x@{domain}", Message($"x@{domain}", subject, signatures)));
        var (mailbox, stored) = await StoredAsync(subject);
        Assert.Equal("INBOX", mailbox);
        string results = Assert.Single(AuthenticationResults(stored));
        Assert.Contains("spf=permerror", results);
        Assert.Matches("dkim=(permerror|neutral)", results);
        Assert.DoesNotContain("dkim=pass", results);
        Assert.Contains("dmarc=permerror", results); // p= invalid and no rua= to fall back on (RFC 7489 §6.6.3)
        Assert.Contains($"header.from={domain}", results);
    }
}
