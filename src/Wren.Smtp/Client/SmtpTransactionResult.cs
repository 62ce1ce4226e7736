using Wren.Smtp.Protocol;

namespace Wren.Smtp.Client;

/// <summary>The outcome of one mail transaction.</summary>
/// <param name="MailReply">The reply to MAIL FROM.</param>
/// <param name="Recipients">One result per envelope recipient, in envelope order.</param>
/// <param name="DataReply">The reply that ended the content (DATA's 354 refusal, the final reply after the dot or the
/// last BDAT), or null when no content was sent (MAIL refused, or every recipient refused).</param>
public sealed record SmtpTransactionResult(SmtpReply MailReply, IReadOnlyList<SmtpRecipientResult> Recipients, SmtpReply? DataReply)
{
    /// <summary>True when every recipient was accepted.</summary>
    public bool AllAccepted => Recipients.All(r => r.Accepted);
}
