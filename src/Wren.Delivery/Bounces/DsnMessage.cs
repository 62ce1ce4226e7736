using MimeKit;
using Wren.Mail.Envelopes;

namespace Wren.Delivery.Bounces;

/// <summary>A built delivery status notification, with the envelope to send it in.</summary>
public sealed class DsnMessage
{
    internal DsnMessage(MimeMessage message, Envelope envelope, bool international)
    {
        Message = message;
        Envelope = envelope;
        International = international;
    }

    /// <summary>The multipart/report message (RFC 6522).</summary>
    public MimeMessage Message { get; }

    /// <summary>
    /// The envelope to queue it with: the null reverse-path (RFC 3461 §6.2, RFC 5321 §4.5.5), the original
    /// sender as the only recipient, BODY=8BITMIME when a part holds 8-bit data, SMTPUTF8 when the
    /// recipient's address needs it.
    /// </summary>
    public Envelope Envelope { get; }

    /// <summary>True when the RFC 6533 global types (UTF-8 addresses) are used.</summary>
    public bool International { get; }

    /// <summary>Writes the message as it goes over SMTP: CRLF line ends, UTF-8 headers kept raw for a global report.</summary>
    public Task WriteToAsync(Stream destination, CancellationToken cancellationToken = default) =>
        Message.WriteToAsync(FormatOptions(), destination, cancellationToken);

    /// <summary>The message as octets (see <see cref="WriteToAsync"/>).</summary>
    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        Message.WriteTo(FormatOptions(), stream);
        return stream.ToArray();
    }

    private FormatOptions FormatOptions()
    {
        var options = MimeKit.FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.International = International;
        return options;
    }
}
