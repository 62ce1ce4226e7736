using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Client;

/// <summary>
/// What became of one recipient: the RCPT reply when the server refused it there (or the MAIL reply when the
/// whole transaction was refused), otherwise the final reply to the content.
/// </summary>
/// <param name="Recipient">The recipient, as given in the envelope.</param>
/// <param name="Reply">The reply that decides this recipient's fate.</param>
public sealed record SmtpRecipientResult(EnvelopeRecipient Recipient, SmtpReply Reply)
{
    /// <summary>True when the server took responsibility for delivering to this recipient (2xx).</summary>
    public bool Accepted => Reply.Code is >= 200 and < 300;
}
