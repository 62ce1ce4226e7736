using MimeKit;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;

namespace Wren.Smtp.Client;

public sealed partial class SmtpClient
{
    /// <summary>
    /// Sends a MimeKit message to the addresses in its To, Cc and Bcc headers, from its Sender (or first From)
    /// address. The Bcc header is not transmitted.
    /// </summary>
    /// <exception cref="ArgumentException">The message names no sender or no recipient, or an address is invalid.</exception>
    /// <exception cref="SmtpClientException">As for <see cref="SendAsync(Envelope, Stream, CancellationToken)"/>.</exception>
    public Task<SmtpTransactionResult> SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        MailboxAddress from = message.Sender ?? message.From.Mailboxes.FirstOrDefault()
            ?? throw new ArgumentException("The message has neither Sender nor From.", nameof(message));
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Select(ToAddress)
            .DistinctBy(a => a.Canonical).ToArray();
        return SendAsync(message, ToAddress(from), recipients, ct);
    }

    /// <summary>
    /// Sends a MimeKit message with an explicit envelope (sender null for <c>&lt;&gt;</c>). The message is written
    /// with CRLF line ends to a temporary file (never whole in memory) and sent with BODY=8BITMIME when it holds
    /// 8-bit content and the server offers 8BITMIME (otherwise MimeKit re-encodes it to 7 bit first), and with
    /// SMTPUTF8 when an address needs it. The Bcc header is not transmitted.
    /// </summary>
    /// <exception cref="SmtpClientException">As for <see cref="SendAsync(Envelope, Stream, CancellationToken)"/>.</exception>
    public async Task<SmtpTransactionResult> SendAsync(MimeMessage message, EmailAddress? sender, IEnumerable<EmailAddress> recipients,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipients);
        EnvelopeRecipient[] rcpts = recipients.Select(r => new EnvelopeRecipient(r)).ToArray();
        if (rcpts.Length == 0)
            throw new ArgumentException("No recipients.", nameof(recipients));
        bool smtpUtf8 = (sender is not null && SmtpCommandLines.NeedsSmtpUtf8(sender)) || rcpts.Any(r => SmtpCommandLines.NeedsSmtpUtf8(r.Address));

        // RFC 6152: 8-bit content only to a server that says 8BITMIME; otherwise MimeKit re-encodes (base64, QP).
        message.Prepare(Capabilities.EightBitMime ? EncodingConstraint.EightBit : EncodingConstraint.SevenBit);
        FormatOptions format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = true;
        // RFC 6532: raw UTF-8 headers only in an SMTPUTF8 transaction.
        format.International = smtpUtf8 && Capabilities.SmtpUtf8;
        format.HiddenHeaders.Add(HeaderId.Bcc);

        string path = Path.Combine(Path.GetTempPath(), $"wren-send-{Guid.NewGuid():N}.eml");
        await using var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var scanner = new EightBitDetectingStream(spool);
        await message.WriteToAsync(format, scanner, ct).ConfigureAwait(false);
        await scanner.FlushAsync(ct).ConfigureAwait(false);
        spool.Position = 0;

        var envelope = new Envelope
        {
            Sender = sender,
            Recipients = rcpts,
            Body = scanner.SawEightBit ? BodyType.EightBitMime : BodyType.SevenBit,
            SmtpUtf8 = smtpUtf8,
        };
        return await SendAsync(envelope, spool, ct).ConfigureAwait(false);
    }

    private static EmailAddress ToAddress(MailboxAddress mailbox) =>
        EmailAddress.TryParse(mailbox.Address, out EmailAddress? address)
            ? address!
            : throw new ArgumentException($"'{mailbox.Address}' is not a valid mailbox address.", nameof(mailbox));
}
