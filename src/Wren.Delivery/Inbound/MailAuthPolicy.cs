using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Spf;
using Wren.Smtp.Protocol;

namespace Wren.Delivery.Inbound;

/// <summary>What Wren does with a message given its mail-authentication verdicts: refuse it, defer it, file it in Junk, or deliver it.</summary>
public static class MailAuthPolicy
{
    /// <summary>The decision: a refusal reply (null to accept) and whether to file it in Junk.</summary>
    public static (SmtpReply? Refusal, bool Quarantine) Decide(MailAuthVerdicts verdicts, MailAuthOptions options)
    {
        DmarcResult dmarc = verdicts.Dmarc;
        if (dmarc.Verdict == DmarcVerdict.Fail && dmarc.Disposition == DmarcPolicy.Reject && options.DmarcReject)
        {
            // A check that could not finish might have passed: a p=reject domain's mail is deferred, not refused,
            // so a DNS hiccup never turns into a bounce (the sender retries).
            if (verdicts.AnyTemporaryError)
                return (new SmtpReply(451, "4.7.0", $"Cannot verify {dmarc.FromDomain} now (DNS failure); try again later"), false);
            // RFC 7489 §6.6.4 / §10.3: reject during the SMTP transaction.
            return (new SmtpReply(550, "5.7.1", $"Rejected by the DMARC policy of {dmarc.PolicyDomain ?? dmarc.FromDomain}"), false);
        }
        if (verdicts.Spf.Verdict == SpfVerdict.Fail && options.SpfFailReject)
        {
            // RFC 7372 §3.2: X.7.23, SPF validation failed.
            return (new SmtpReply(550, "5.7.23", $"SPF of {verdicts.Spf.Domain} does not allow this host to send its mail"), false);
        }
        bool quarantine = dmarc.Verdict == DmarcVerdict.Fail && options.DmarcQuarantine
            && dmarc.Disposition is DmarcPolicy.Quarantine or DmarcPolicy.Reject;
        return (null, quarantine);
    }
}
