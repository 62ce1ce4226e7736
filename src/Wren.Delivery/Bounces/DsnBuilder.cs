using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;

namespace Wren.Delivery.Bounces;

/// <summary>
/// Builds delivery status notifications (RFC 3464) as multipart/report messages (RFC 6522): a text part a
/// person understands, the machine-readable status, and the original message or its headers (RFC 3461 §6.2).
/// </summary>
public sealed partial class DsnBuilder
{
    private readonly string _hostname;
    private readonly TimeProvider _time;
    private readonly DsnBuilderOptions _options;

    /// <summary>Creates a builder for the reporting MTA <paramref name="hostname"/>.</summary>
    /// <param name="hostname">Wren's host name: the Reporting-MTA, and the domain of MAILER-DAEMON and the Message-ID.</param>
    /// <param name="time">Clock for the Date header.</param>
    /// <param name="options">Size limits; defaults when null.</param>
    public DsnBuilder(string hostname, TimeProvider time, DsnBuilderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _hostname = DomainName.TryCanonicalize(hostname, out string? canonical)
            ? canonical!
            : throw new ArgumentException($"'{hostname}' is not a valid host name.", nameof(hostname));
        _time = time;
        _options = options ?? new DsnBuilderOptions();
        if (_options.MaxFullReturnSize < 0 || _options.MaxHeaderSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Size limits must be positive.");
    }

    /// <summary>
    /// Builds the notification for <paramref name="report"/>. The original message is read from
    /// <paramref name="originalMessage"/>: up to its blank line for a headers-only return, up to
    /// <see cref="DsnBuilderOptions.MaxFullReturnSize"/> for RET=FULL.
    /// </summary>
    /// <exception cref="InvalidOperationException">The original sender is null: a bounce never causes a bounce.</exception>
    /// <exception cref="ArgumentException">No recipients, or a status code that is malformed or disagrees with its action.</exception>
    public async Task<DsnMessage> BuildAsync(DsnReport report, Stream originalMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(originalMessage);
        Envelope envelope = report.OriginalEnvelope;
        // RFC 3461 §6.2 / RFC 5321 §6.1: never answer the null sender, or two servers could bounce forever.
        if (!DsnPolicy.CanBounceTo(envelope))
            throw new InvalidOperationException("A message with the null sender never causes a delivery status notification.");
        Validate(report);

        bool full = envelope.Return == DsnReturn.Full;
        ReturnedOriginal original = await ReturnedOriginal.ReadAsync(originalMessage, full, _options, cancellationToken).ConfigureAwait(false);
        bool international = IsInternational(report);
        EmailAddress sender = envelope.Sender!;

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + _hostname));
        message.To.Add(new MailboxAddress("", sender.ToString()));
        message.Subject = DsnText.Subject(report);
        message.Date = _time.GetUtcNow();
        message.MessageId = MimeUtils.GenerateMessageId(_hostname);
        // RFC 3834 §5: marks the message as an automatic response, so responders do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-replied");
        if (original.MessageId is { } originalId)
        {
            message.InReplyTo = originalId;
            message.References.Add(originalId);
        }

        // RFC 6522 §3 / RFC 6533 §6: report-type names the subtype of the second part.
        var parts = new MultipartReport(international ? "global-delivery-status" : "delivery-status");
        parts.Add(TextPart(DsnText.Body(report, _hostname, original, _options)));
        parts.Add(StatusPart(DeliveryStatusFields.Format(report, _hostname, international), international));
        parts.Add(OriginalPart(original, international));
        message.Body = parts;

        bool eightBit = parts.OfType<MimePart>().Any(p => p.ContentTransferEncoding == ContentEncoding.EightBit)
            || parts.OfType<MessagePart>().Any(p => p.Headers[HeaderId.ContentTransferEncoding] == "8bit");
        var dsnEnvelope = new Envelope
        {
            Sender = null,
            // NOTIFY=NEVER as well: should the notification itself fail, nobody is to be told (RFC 3461 §6.2).
            Recipients = [new EnvelopeRecipient(sender, DsnNotify.Never)],
            Body = eightBit ? BodyType.EightBitMime : BodyType.SevenBit,
            SmtpUtf8 = sender.NeedsSmtpUtf8,
        };
        return new DsnMessage(message, dsnEnvelope, international);
    }

    /// <summary>
    /// RFC 6533 §6: the global types are used when the original travelled with SMTPUTF8 or any address the
    /// report names is not ASCII (including a utf-8 ORCPT whose escapes decode to non-ASCII).
    /// </summary>
    private static bool IsInternational(DsnReport report)
    {
        Envelope envelope = report.OriginalEnvelope;
        if (envelope.SmtpUtf8 || envelope.Sender?.NeedsSmtpUtf8 == true)
            return true;
        foreach (DsnRecipient r in report.Recipients)
        {
            if (r.Recipient.Address.NeedsSmtpUtf8)
                return true;
            if (r.Recipient.OriginalRecipient is { } orcpt && !DeliveryStatusFields.DecodeEmbeddedUnicode(orcpt.Address).All(char.IsAscii))
                return true;
        }
        return false;
    }

    private static void Validate(DsnReport report)
    {
        if (report.Recipients.Count == 0)
            throw new ArgumentException("A delivery status notification reports on at least one recipient.", nameof(report));
        foreach (DsnRecipient r in report.Recipients)
        {
            // RFC 3464 §2.3.4: status-code = DIGIT "." 1*3DIGIT "." 1*3DIGIT, class 2, 4 or 5 (RFC 3463 §2).
            if (r.Status is null || !StatusCode().IsMatch(r.Status))
                throw new ArgumentException($"'{r.Status}' is not an RFC 3463 status code.", nameof(report));
            if (r.Status[0] != r.Action.StatusClass())
                throw new ArgumentException($"Status {r.Status} does not fit action {r.Action.FieldValue()}.", nameof(report));
        }
    }

    private static TextPart TextPart(string text)
    {
        bool ascii = text.All(char.IsAscii);
        var part = new TextPart("plain");
        part.SetText(ascii ? "us-ascii" : "utf-8", text);
        part.ContentTransferEncoding = ascii ? ContentEncoding.SevenBit : ContentEncoding.QuotedPrintable;
        part.ContentDisposition = new ContentDisposition(ContentDisposition.Inline);
        part.ContentDescription = "Notification";
        return part;
    }

    /// <summary>RFC 3464 §2.1 message/delivery-status (7bit), or RFC 6533 §6.2 message/global-delivery-status (UTF-8, 8bit when needed).</summary>
    private static MimePart StatusPart(string fields, bool international)
    {
        byte[] octets = Encoding.UTF8.GetBytes(fields);
        var part = new MimePart("message", international ? "global-delivery-status" : "delivery-status")
        {
            Content = new MimeContent(new MemoryStream(octets)),
            ContentTransferEncoding = HeaderSection.HasEightBit(octets) ? ContentEncoding.EightBit : ContentEncoding.SevenBit,
            ContentDescription = "Delivery report",
        };
        return part;
    }

    /// <summary>
    /// RFC 6522 §3 third part: text/rfc822-headers (RFC 6533 §6.3: message/global-headers) for headers only,
    /// message/rfc822 (RFC 6532 §3.7: message/global) for the full message.
    /// </summary>
    private static MimeEntity OriginalPart(ReturnedOriginal original, bool international)
    {
        ContentEncoding encoding = original.HasEightBit ? ContentEncoding.EightBit : ContentEncoding.SevenBit;
        if (original.Full is { } full)
        {
            var message = MimeMessage.Load(new MemoryStream(full));
            var part = new MessagePart(international ? "global" : "rfc822") { Message = message };
            // RFC 2046 §5.2.1: message/rfc822 is never encoded; 8-bit content is labelled as such.
            if (encoding == ContentEncoding.EightBit)
                part.Headers[HeaderId.ContentTransferEncoding] = "8bit";
            part.Headers[HeaderId.ContentDescription] = "Undelivered message";
            return part;
        }
        var headers = new MimePart(international ? "message" : "text", international ? "global-headers" : "rfc822-headers")
        {
            Content = new MimeContent(new MemoryStream(original.Headers)),
            ContentTransferEncoding = encoding,
            ContentDescription = "Undelivered message headers",
        };
        return headers;
    }

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex StatusCode();
}
