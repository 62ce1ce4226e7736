using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;
using Wren.Smtp.Server;

namespace Wren.Delivery.Inbound;

/// <summary>
/// Checks or signs a whole received message before it is filed: on the MX port, SPF, DKIM, ARC and DMARC
/// verdicts and the Authentication-Results field; on submission, DKIM signatures. The inbound handler stages
/// the content, asks this step, then files the message with the fields it returns at the top.
/// </summary>
public interface IMessageAuthStep
{
    /// <summary>
    /// Verifies a message that arrived unauthenticated (the MX role). <paramref name="forwardingDomain"/> is
    /// the local domain whose alias sends it on to another server, or null when it stays here (then no ARC
    /// set is added).
    /// </summary>
    Task<MessageAuthOutcome> CheckInboundAsync(SmtpSessionInfo session, Envelope envelope, string? forwardingDomain,
        Stream content, CancellationToken cancellationToken);

    /// <summary>Signs a message an authenticated user submitted.</summary>
    Task<MessageAuthOutcome> SignSubmissionAsync(SmtpSessionInfo session, Envelope envelope, Stream content,
        CancellationToken cancellationToken);
}

/// <summary>What the mail-authentication step decided for one message.</summary>
/// <param name="PrependFields">Header fields to add at the top (each ending in CRLF), e.g. Authentication-Results.</param>
/// <param name="DropField">Header fields of the received message to leave out (name, unfolded value), or null.</param>
/// <param name="Refusal">A reply that refuses the message (DMARC p=reject: 550 5.7.1; 451 when DNS failed), or null.</param>
/// <param name="Quarantine">File local copies in Junk instead of INBOX (DMARC p=quarantine).</param>
public sealed record MessageAuthOutcome(string PrependFields, Func<string, string, bool>? DropField = null,
    SmtpReply? Refusal = null, bool Quarantine = false)
{
    /// <summary>Nothing to add, nothing to refuse.</summary>
    public static MessageAuthOutcome Unchanged { get; } = new("");
}
