using System.Text;
using MimeKit;
using Wren.Delivery.Bounces;
using Wren.Mail.Envelopes;
using static Wren.Delivery.Tests.Bounces.DsnSamples;

namespace Wren.Delivery.Tests.Bounces;

public sealed class DsnBuilderTests
{
    [Fact]
    public async Task Failure_report_has_every_rfc3464_field_and_the_headers_of_a_notification()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [Failure(bob)]);

        var (dsn, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        // RFC 6522: the top level is multipart/report naming the kind of report.
        var multipart = Assert.IsType<MultipartReport>(parsed.Body);
        Assert.Equal("delivery-status", multipart.ReportType);
        Assert.Equal(3, multipart.Count);
        Assert.Equal("text/plain", multipart[0].ContentType.MimeType);

        var groups = StatusPart(parsed).StatusGroups;
        Assert.Equal(2, groups.Count);
        Assert.Equal("dns; mx.wren.test", Field(groups[0], "Reporting-MTA"));
        Assert.Equal("Mon, 09 Mar 2026 08:00:00 +0000", Field(groups[0], "Arrival-Date"));
        Assert.Null(groups[0]["Original-Envelope-Id"]);
        var group = groups[1];
        Assert.Equal("rfc822; bob@remote.test", Field(group, "Final-Recipient"));
        Assert.Null(group["Original-Recipient"]);
        Assert.Equal("failed", Field(group, "Action"));
        Assert.Equal("5.1.1", Field(group, "Status"));
        Assert.Equal("dns; mx.remote.test", Field(group, "Remote-MTA"));
        Assert.Equal("smtp; 550 5.1.1 <bob@remote.test>: no such user", Field(group, "Diagnostic-Code"));
        Assert.Equal("Mon, 09 Mar 2026 10:25:00 +0000", Field(group, "Last-Attempt-Date"));
        Assert.Null(group["Will-Retry-Until"]);

        // RFC 3464 §2.3: field order follows the grammar.
        Assert.Equal(["Final-Recipient", "Action", "Status", "Remote-MTA", "Diagnostic-Code", "Last-Attempt-Date"], group.Select(h => h.Field));

        var from = Assert.Single(parsed.From.Mailboxes);
        Assert.Equal("Mail Delivery System", from.Name);
        Assert.Equal("MAILER-DAEMON@mx.wren.test", from.Address);
        Assert.Equal("alice@sender.test", Assert.Single(parsed.To.Mailboxes).Address);
        Assert.Equal("Undelivered Mail Returned to Sender", parsed.Subject);
        Assert.Equal(Now, parsed.Date);
        Assert.EndsWith("@mx.wren.test", parsed.MessageId);
        Assert.Equal("auto-replied", parsed.Headers["Auto-Submitted"]);
        Assert.Equal("orig-1@sender.test", parsed.InReplyTo);
        Assert.Equal(["orig-1@sender.test"], parsed.References);

        // The envelope to send it in: null sender, to the original sender, never itself bounced.
        Assert.Null(dsn.Envelope.Sender);
        var to = Assert.Single(dsn.Envelope.Recipients);
        Assert.Equal("alice@sender.test", to.Address.ToString());
        Assert.Equal(DsnNotify.Never, to.Notify);
        Assert.Equal(BodyType.SevenBit, dsn.Envelope.Body);
        Assert.False(dsn.International);
    }

    [Fact]
    public async Task Text_part_names_the_failed_recipient_and_quotes_the_remote_reply()
    {
        var bob = Recipient("bob@remote.test");
        var failure = Failure(bob) with { DiagnosticCode = "550-5.1.1 The email account that you tried to reach does not exist.\r\n550 5.1.1 Please try double-checking the address." };
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [failure]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        string text = Assert.IsType<TextPart>(Parts(parsed)[0]).Text;
        Assert.Contains("could not be delivered", text);
        Assert.Contains("<bob@remote.test>", text);
        Assert.Contains("mailbox does not exist", text);
        Assert.Contains("The server mx.remote.test replied:", text);
        // Each line of a multi-line reply is quoted on its own line.
        Assert.Contains("      550-5.1.1 The email account that you tried to reach does not exist.\r\n      550 5.1.1 Please try", text.ReplaceLineEndings("\r\n"));
        Assert.Contains("headers of your message are attached", text);
        // In the machine-readable part the reply is one (folded) field.
        var group = StatusPart(parsed).StatusGroups[1];
        Assert.Equal("smtp; 550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please try double-checking the address.",
            Unfold(Field(group, "Diagnostic-Code")));
    }

    [Fact]
    public async Task Long_fields_are_folded_within_78_columns()
    {
        var bob = Recipient("bob@remote.test");
        var failure = Failure(bob) with { DiagnosticCode = "550 5.7.1 " + string.Join(' ', Enumerable.Repeat("policy", 40)) };
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [failure]);

        var (_, bytes, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        string status = StatusText(bytes);
        Assert.All(status.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        Assert.Equal(failure.DiagnosticCode, Unfold(Field(StatusPart(parsed).StatusGroups[1], "Diagnostic-Code"))["smtp; ".Length..]);
    }

    [Fact]
    public async Task Envid_and_orcpt_are_carried_into_the_report()
    {
        var bob = Recipient("bob@remote.test", orcpt: new OriginalRecipient("rfc822", "Bob.Smith@Old.Example"));
        var report = new DsnReport(Envelope(envid: "QQ314159-Ab", recipients: bob), Arrival, [Failure(bob)]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        var groups = StatusPart(parsed).StatusGroups;
        // RFC 3464 §2.2.1: case and spelling preserved; it comes before Reporting-MTA.
        Assert.Equal("QQ314159-Ab", Field(groups[0], "Original-Envelope-Id"));
        Assert.Equal(["Original-Envelope-Id", "Reporting-MTA", "Arrival-Date"], groups[0].Select(h => h.Field));
        Assert.Equal("rfc822; Bob.Smith@Old.Example", Field(groups[1], "Original-Recipient"));
        Assert.Equal("Original-Recipient", groups[1][0].Field);
    }

    [Fact]
    public async Task Delay_report_says_until_when_wren_keeps_trying()
    {
        var bob = Recipient("bob@remote.test");
        var until = Arrival.AddDays(5);
        var delay = new DsnRecipient(bob, DsnAction.Delayed, "4.4.1", "mx.remote.test", "421 4.4.1 try again later", Now.AddMinutes(-1), until);
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [delay]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        Assert.Equal("Delayed Mail (still being retried)", parsed.Subject);
        var group = StatusPart(parsed).StatusGroups[1];
        Assert.Equal("delayed", Field(group, "Action"));
        Assert.Equal("4.4.1", Field(group, "Status"));
        Assert.Equal("Sat, 14 Mar 2026 08:00:00 +0000", Field(group, "Will-Retry-Until"));
        Assert.Equal("Will-Retry-Until", group[^1].Field);
        string text = ((TextPart)Parts(parsed)[0]).Text;
        Assert.Contains("still", text);
        Assert.Contains("keeps trying until Sat, 14 Mar 2026 08:00:00 +0000", text);
        Assert.Contains("421 4.4.1 try again later", text);
    }

    [Fact]
    public async Task Will_retry_until_is_left_out_of_a_failure()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [Failure(bob) with { WillRetryUntil = Now.AddDays(1) }]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        Assert.Null(StatusPart(parsed).StatusGroups[1]["Will-Retry-Until"]);
    }

    [Fact]
    public async Task Mixed_report_leads_with_the_failure_and_lists_every_recipient()
    {
        var bob = Recipient("bob@remote.test");
        var carol = Recipient("carol@far.test");
        var dave = Recipient("dave@near.test", DsnNotify.Success);
        var report = new DsnReport(Envelope(recipients: [bob, carol, dave]), Arrival,
        [
            Failure(bob),
            new DsnRecipient(carol, DsnAction.Delayed, "4.4.7", null, null, Now, Now.AddDays(4)),
            new DsnRecipient(dave, DsnAction.Delivered, "2.0.0", "mx.near.test", "250 2.0.0 OK", Now, null),
        ]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        Assert.Equal("Undelivered Mail Returned to Sender", parsed.Subject);
        var groups = StatusPart(parsed).StatusGroups;
        Assert.Equal(["failed", "delayed", "delivered"], groups.Skip(1).Select(g => Field(g, "Action")));
        Assert.Null(groups[2]["Remote-MTA"]);
        Assert.Null(groups[2]["Diagnostic-Code"]);
        string text = ((TextPart)Parts(parsed)[0]).Text;
        Assert.Contains("<carol@far.test>", text);
        Assert.Contains("delivered to the following recipients", text);
    }

    [Fact]
    public async Task Success_report_has_its_own_subject()
    {
        var dave = Recipient("dave@near.test", DsnNotify.Success);
        var report = new DsnReport(Envelope(recipients: dave), Arrival,
            [new DsnRecipient(dave, DsnAction.Relayed, "2.0.0", "mx.near.test", "250 2.0.0 OK", Now, null)]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        Assert.Equal("Successful Mail Delivery Report", parsed.Subject);
        Assert.Equal("relayed", Field(StatusPart(parsed).StatusGroups[1], "Action"));
    }

    [Theory]
    [InlineData(DsnReturn.Unspecified)]
    [InlineData(DsnReturn.Headers)]
    public async Task Headers_only_return_is_text_rfc822_headers(DsnReturn ret)
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(ret: ret, recipients: bob), Arrival, [Failure(bob)]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText(body: "SECRET BODY\r\n")));

        var third = Parts(parsed)[2];
        Assert.Equal("text/rfc822-headers", third.ContentType.MimeType);
        string headers = PartText(third);
        Assert.Contains("Subject: Lunch\r\n", headers);
        Assert.Contains("Message-ID: <orig-1@sender.test>\r\n", headers);
        Assert.DoesNotContain("SECRET BODY", headers);
        Assert.DoesNotContain("SECRET BODY", Encoding.UTF8.GetString(await ToBytesAsync(parsed)));
    }

    [Fact]
    public async Task Full_return_is_message_rfc822_with_the_body()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(ret: DsnReturn.Full, recipients: bob), Arrival, [Failure(bob)]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText(body: "SECRET BODY\r\n")));

        var third = Assert.IsType<MessagePart>(Parts(parsed)[2]);
        Assert.Equal("message/rfc822", third.ContentType.MimeType);
        Assert.Equal("Lunch", third.Message!.Subject);
        Assert.Equal("SECRET BODY", third.Message!.TextBody!.Trim());
        Assert.Contains("Your message is attached", ((TextPart)Parts(parsed)[0]).Text);
    }

    [Fact]
    public async Task Full_return_keeps_the_original_octets()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(ret: DsnReturn.Full, recipients: bob), Arrival, [Failure(bob)]);
        string original = OriginalText(body: "line one\r\n\r\n  indented  line with  spaces \r\n.\r\nlast");

        var (_, bytes, _) = await BuildAndParseAsync(report, Stream(original));

        string all = Encoding.UTF8.GetString(bytes);
        int start = all.IndexOf("\r\n\r\n", all.IndexOf("Content-Type: message/rfc822", StringComparison.Ordinal), StringComparison.Ordinal) + 4;
        Assert.Equal(original, all[start..(start + original.Length)]);
    }

    [Fact]
    public async Task Full_return_over_the_size_cap_returns_headers_and_says_so()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(ret: DsnReturn.Full, recipients: bob), Arrival, [Failure(bob)]);
        string original = OriginalText(body: new string('x', 70) + "\r\n" + string.Concat(Enumerable.Repeat(new string('y', 70) + "\r\n", 100)));
        var options = new DsnBuilderOptions { MaxFullReturnSize = 2000 };

        var (_, bytes, parsed) = await BuildAndParseAsync(report, Stream(original), options);

        var third = Parts(parsed)[2];
        Assert.Equal("text/rfc822-headers", third.ContentType.MimeType);
        Assert.Contains("Subject: Lunch", PartText(third));
        Assert.DoesNotContain("yyyy", Encoding.UTF8.GetString(bytes));
        Assert.Contains("larger than 2000 bytes, so only its headers are attached",
            ((TextPart)Parts(parsed)[0]).Text.ReplaceLineEndings(" "));
    }

    [Fact]
    public async Task Full_return_exactly_at_the_size_cap_is_returned_whole()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(ret: DsnReturn.Full, recipients: bob), Arrival, [Failure(bob)]);
        string original = OriginalText(body: "the end\r\n");
        var options = new DsnBuilderOptions { MaxFullReturnSize = Encoding.UTF8.GetByteCount(original) };

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(original), options);

        Assert.IsType<MessagePart>(Parts(parsed)[2]);
    }

    [Fact]
    public async Task Ten_megabyte_original_with_headers_only_is_read_no_further_than_its_headers()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(ret: DsnReturn.Headers, recipients: bob), Arrival, [Failure(bob)]);
        var original = new CountingStream(Encoding.UTF8.GetBytes(OriginalText(body: "")), bodyLength: 10 * 1024 * 1024);

        var (_, bytes, parsed) = await BuildAndParseAsync(report, original);

        Assert.True(bytes.Length < 8 * 1024, $"notification is {bytes.Length} bytes");
        // Reading stopped at the blank line (give or take one read), not at the end of the 10 MB.
        Assert.True(original.BytesRead < 64 * 1024, $"read {original.BytesRead} bytes");
        Assert.Contains("Subject: Lunch", PartText(Parts(parsed)[2]));
    }

    [Fact]
    public async Task Ten_megabyte_original_with_full_return_is_cut_to_headers()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(ret: DsnReturn.Full, recipients: bob), Arrival, [Failure(bob)]);
        var original = new CountingStream(Encoding.UTF8.GetBytes(OriginalText(body: "")), bodyLength: 10 * 1024 * 1024);

        var (_, bytes, parsed) = await BuildAndParseAsync(report, original);

        Assert.True(bytes.Length < 8 * 1024, $"notification is {bytes.Length} bytes");
        Assert.True(original.BytesRead <= new DsnBuilderOptions().MaxFullReturnSize + 64 * 1024, $"read {original.BytesRead} bytes");
        Assert.Equal("text/rfc822-headers", Parts(parsed)[2].ContentType.MimeType);
    }

    [Fact]
    public async Task Original_without_blank_line_and_with_binary_junk_still_yields_a_valid_report()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [Failure(bob)]);
        var junk = new byte[200_000];
        new Random(7).NextBytes(junk);
        byte[] original = [.. Encoding.ASCII.GetBytes("Subject: broken\r\nX-Bad: a\0b\u0001c\r\n"), .. junk];

        var (dsn, bytes, parsed) = await BuildAndParseAsync(report, new MemoryStream(original));

        Assert.True(bytes.Length < 16 * 1024, $"notification is {bytes.Length} bytes");
        Assert.Equal("failed", Field(StatusPart(parsed).StatusGroups[1], "Action"));
        string headers = PartText(Parts(parsed)[2]);
        Assert.StartsWith("Subject: broken\r\nX-Bad: a b c\r\n", headers);
        // Only whole header lines come back: no NUL, no bare CR or LF anywhere in the notification.
        Assert.DoesNotContain((byte)0, bytes);
        Assert.All(LinesOf(bytes), line => Assert.True(line.Length <= 998));
        Assert.Null(parsed.InReplyTo);
        Assert.Equal(BodyType.SevenBit, dsn.Envelope.Body);
    }

    [Fact]
    public async Task Binary_original_with_full_return_falls_back_to_headers_and_says_why()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(ret: DsnReturn.Full, recipients: bob), Arrival, [Failure(bob)]);
        byte[] original = [.. Encoding.ASCII.GetBytes(OriginalText(body: "")), 0, 1, 2, 0, .. new byte[3000]];

        var (_, bytes, parsed) = await BuildAndParseAsync(report, new MemoryStream(original));

        Assert.Equal("text/rfc822-headers", Parts(parsed)[2].ContentType.MimeType);
        Assert.DoesNotContain((byte)0, bytes);
        Assert.Contains("binary data", ((TextPart)Parts(parsed)[0]).Text);
    }

    [Fact]
    public async Task Empty_original_still_yields_a_report()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [Failure(bob)]);

        var (_, _, parsed) = await BuildAndParseAsync(report, new MemoryStream());

        Assert.Equal(3, Parts(parsed).Count);
        var headers = Assert.IsType<TextRfc822Headers>(Parts(parsed)[2]);
        Assert.Empty(headers.Message!.Headers);
    }

    [Fact]
    public async Task Smtputf8_original_uses_the_global_types_and_utf8_addresses()
    {
        var jose = Recipient("josé@remote.test", orcpt: new OriginalRecipient("utf-8", @"Jos\x{E9}@remote.test"));
        var envelope = Envelope(sender: "zoë@sender.test", smtpUtf8: true, envid: "id-1", recipients: jose);
        var report = new DsnReport(envelope, Arrival, [Failure(jose) with { DiagnosticCode = "550 5.1.1 utilisateur inconnu: josé" }]);
        string original = OriginalText().Replace("Subject: Lunch", "Subject: Déjeuner");

        var (dsn, bytes, parsed) = await BuildAndParseAsync(report, Stream(original));

        var multipart = Assert.IsType<MultipartReport>(parsed.Body);
        Assert.Equal("global-delivery-status", multipart.ReportType);
        Assert.Equal("message/global-delivery-status", multipart[1].ContentType.MimeType);
        Assert.Equal("message/global-headers", multipart[2].ContentType.MimeType);
        Assert.Contains("Subject: Déjeuner", Encoding.UTF8.GetString(bytes));

        var group = StatusPart(parsed).StatusGroups[1];
        // RFC 6533 §3: utf-8 address type, raw UTF-8 in the global report; the ORCPT escapes decoded.
        Assert.Equal("utf-8; josé@remote.test", Field(group, "Final-Recipient"));
        Assert.Equal("utf-8; José@remote.test", Field(group, "Original-Recipient"));
        Assert.Equal("smtp; 550 5.1.1 utilisateur inconnu: josé", Field(group, "Diagnostic-Code"));
        Assert.Equal("zoë@sender.test", Assert.Single(parsed.To.Mailboxes).Address);

        Assert.True(dsn.International);
        Assert.True(dsn.Envelope.SmtpUtf8);
        Assert.Equal(BodyType.EightBitMime, dsn.Envelope.Body);
    }

    [Fact]
    public async Task Full_return_of_an_smtputf8_original_is_message_global()
    {
        var jose = Recipient("josé@remote.test");
        var report = new DsnReport(Envelope(smtpUtf8: true, ret: DsnReturn.Full, recipients: jose), Arrival, [Failure(jose)]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText(body: "Grüße\r\n")));

        var third = Parts(parsed)[2];
        Assert.Equal("message/global", third.ContentType.MimeType);
        Assert.Equal("8bit", third.Headers[HeaderId.ContentTransferEncoding]);
    }

    [Fact]
    public async Task Ascii_report_writes_a_utf8_orcpt_in_its_escaped_form()
    {
        var bob = Recipient("bob@remote.test", orcpt: new OriginalRecipient("utf-8", @"bob@remote.test"));
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [Failure(bob) with { DiagnosticCode = "550 5.1.1 no such user: café" }]);

        var (_, bytes, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        Assert.Equal("delivery-status", Parts(parsed).ReportType);
        var group = StatusPart(parsed).StatusGroups[1];
        Assert.Equal("utf-8; bob@remote.test", Field(group, "Original-Recipient"));
        // RFC 3464 §2.1.1: an ASCII report stays ASCII, whatever the remote server sent.
        Assert.Equal("smtp; 550 5.1.1 no such user: caf?", Field(group, "Diagnostic-Code"));
        Assert.True(StatusText(bytes).All(char.IsAscii));
    }

    [Fact]
    public async Task Null_sender_never_gets_a_notification()
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(sender: null, recipients: bob), Arrival, [Failure(bob)]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Builder().BuildAsync(report, Stream(OriginalText())));
    }

    [Theory]
    [InlineData(DsnAction.Failed, "4.1.1")]
    [InlineData(DsnAction.Delayed, "5.1.1")]
    [InlineData(DsnAction.Delivered, "5.0.0")]
    [InlineData(DsnAction.Failed, "5.1")]
    [InlineData(DsnAction.Failed, "550")]
    [InlineData(DsnAction.Failed, "3.1.1")]
    public async Task Status_must_be_an_rfc3463_code_of_the_actions_class(DsnAction action, string status)
    {
        var bob = Recipient("bob@remote.test");
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [new DsnRecipient(bob, action, status, null, null, null, null)]);

        await Assert.ThrowsAsync<ArgumentException>(() => Builder().BuildAsync(report, Stream(OriginalText())));
    }

    [Fact]
    public async Task Diagnostic_that_is_not_an_smtp_reply_gets_an_extension_type()
    {
        var bob = Recipient("bob@remote.test");
        var failure = new DsnRecipient(bob, DsnAction.Failed, "5.4.7", null, "delivery time expired after 5 days", Now, null);
        var report = new DsnReport(Envelope(recipients: bob), Arrival, [failure]);

        var (_, _, parsed) = await BuildAndParseAsync(report, Stream(OriginalText()));

        Assert.Equal("X-Wren; delivery time expired after 5 days", Field(StatusPart(parsed).StatusGroups[1], "Diagnostic-Code"));
    }

    private static MultipartReport Parts(MimeMessage message) => Assert.IsType<MultipartReport>(message.Body);

    private static string Unfold(string value) => value.Replace("\r\n", "").Replace("\n", "");

    private static string PartText(MimeEntity entity)
    {
        using var stream = new MemoryStream();
        switch (entity)
        {
            case MimePart part:
                part.Content!.DecodeTo(stream);
                break;
            case MessagePart message:
                message.Message!.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, stream);
                break;
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string StatusText(byte[] bytes)
    {
        string all = Encoding.UTF8.GetString(bytes);
        int start = all.IndexOf("Reporting-MTA", StringComparison.Ordinal);
        int end = all.IndexOf("\r\n--", start, StringComparison.Ordinal);
        return all[start..end];
    }

    private static IEnumerable<byte[]> LinesOf(byte[] bytes)
    {
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != '\n')
                continue;
            Assert.True(i > 0 && bytes[i - 1] == '\r', $"bare LF at {i}");
            yield return bytes[start..(i - 1)];
            start = i + 1;
        }
    }

    private static async Task<byte[]> ToBytesAsync(MimeMessage message)
    {
        using var stream = new MemoryStream();
        await message.WriteToAsync(stream);
        return stream.ToArray();
    }
}
