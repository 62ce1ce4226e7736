using System.Text;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Wren.Delivery.Bounces;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;

namespace Wren.Delivery.Tests.Bounces;

/// <summary>Envelopes, originals and a fixed clock shared by the bounce tests.</summary>
internal static class DsnSamples
{
    public const string Hostname = "mx.wren.test";

    public static readonly DateTimeOffset Now = new(2026, 3, 9, 10, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Arrival = new(2026, 3, 9, 8, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Now);

    public static DsnBuilder Builder(DsnBuilderOptions? options = null) => new(Hostname, Clock(), options);

    public static EmailAddress Address(string text) => EmailAddress.Parse(text);

    public static EnvelopeRecipient Recipient(string address, DsnNotify notify = DsnNotify.Unspecified, OriginalRecipient? orcpt = null) =>
        new(Address(address), notify, orcpt);

    public static Envelope Envelope(string? sender = "alice@sender.test", DsnReturn ret = DsnReturn.Unspecified, string? envid = null, bool smtpUtf8 = false, params EnvelopeRecipient[] recipients) =>
        new()
        {
            Sender = sender is null ? null : Address(sender),
            Recipients = recipients.Length > 0 ? recipients : [Recipient("bob@remote.test")],
            Return = ret,
            EnvelopeId = envid,
            SmtpUtf8 = smtpUtf8,
        };

    public static DsnRecipient Failure(EnvelopeRecipient recipient) =>
        new(recipient, DsnAction.Failed, "5.1.1", "mx.remote.test", "550 5.1.1 <bob@remote.test>: no such user", Now.AddMinutes(-5), null);

    public static string OriginalText(string body = "Hello Bob,\r\nhow are you?\r\n", string messageId = "<orig-1@sender.test>") =>
        "From: Alice <alice@sender.test>\r\n"
        + "To: Bob <bob@remote.test>\r\n"
        + "Subject: Lunch\r\n"
        + "Date: Mon, 09 Mar 2026 08:00:00 +0000\r\n"
        + $"Message-ID: {messageId}\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n"
        + "\r\n"
        + body;

    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Builds, serialises and parses back the notification, as a receiving client would see it.</summary>
    public static async Task<(DsnMessage Dsn, byte[] Bytes, MimeMessage Parsed)> BuildAndParseAsync(DsnReport report, Stream original, DsnBuilderOptions? options = null)
    {
        DsnMessage dsn = await Builder(options).BuildAsync(report, original);
        byte[] bytes = dsn.ToArray();
        MimeMessage parsed = await MimeMessage.LoadAsync(new MemoryStream(bytes));
        return (dsn, bytes, parsed);
    }

    public static MessageDeliveryStatus StatusPart(MimeMessage message) =>
        Assert.IsType<MessageDeliveryStatus>(Assert.IsType<MultipartReport>(message.Body)[1]);

    public static string Field(HeaderList group, string name) =>
        group[name] is { } value ? value.Trim() : throw new Xunit.Sdk.XunitException($"field {name} missing from {group}");
}
