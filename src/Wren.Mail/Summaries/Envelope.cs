namespace Wren.Mail.Summaries;

/// <summary>
/// The IMAP ENVELOPE of a message (RFC 9051 §7.5.2). Strings are the header values as sent, unfolded and
/// trimmed, encoded words not decoded; null is NIL (header absent). An address list is null when the header
/// is absent or holds no address. <see cref="Sender"/> and <see cref="ReplyTo"/> already default to
/// <see cref="From"/> as the RFC requires.
/// </summary>
/// <param name="Date">The Date header.</param>
/// <param name="Subject">The Subject header.</param>
/// <param name="From">The From addresses.</param>
/// <param name="Sender">The Sender addresses, or From when absent or empty.</param>
/// <param name="ReplyTo">The Reply-To addresses, or From when absent or empty.</param>
/// <param name="To">The To addresses.</param>
/// <param name="Cc">The Cc addresses.</param>
/// <param name="Bcc">The Bcc addresses.</param>
/// <param name="InReplyTo">The In-Reply-To header.</param>
/// <param name="MessageId">The Message-ID header.</param>
public sealed record Envelope(
    string? Date,
    string? Subject,
    IReadOnlyList<EnvelopeAddress>? From,
    IReadOnlyList<EnvelopeAddress>? Sender,
    IReadOnlyList<EnvelopeAddress>? ReplyTo,
    IReadOnlyList<EnvelopeAddress>? To,
    IReadOnlyList<EnvelopeAddress>? Cc,
    IReadOnlyList<EnvelopeAddress>? Bcc,
    string? InReplyTo,
    string? MessageId)
{
    /// <summary>The envelope of a message without any of these headers: all NIL.</summary>
    public static Envelope Empty { get; } = new(null, null, null, null, null, null, null, null, null, null);
}
