using Wren.MailAuth.Arc;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Spf;

namespace Wren.Delivery.Inbound;

/// <summary>Every check's result for one arriving message: what the Authentication-Results field reports and policy acts on.</summary>
/// <param name="Spf">SPF of the MAIL FROM identity (the HELO identity for the null sender, RFC 7208 §2.4).</param>
/// <param name="Dkim">One result per DKIM-Signature field (a single none when unsigned).</param>
/// <param name="Arc">The ARC chain's validation.</param>
/// <param name="Dmarc">DMARC for the From domain.</param>
/// <param name="Helo">SPF of the HELO identity (RFC 7208 §2.3), checked besides MAIL FROM; null for the null sender, whose
/// MAIL FROM check already is the HELO check.</param>
public sealed record MailAuthVerdicts(SpfResult Spf, IReadOnlyList<DkimResult> Dkim, ArcResult Arc, DmarcResult Dmarc, SpfResult? Helo = null)
{
    /// <summary>True when a check could not finish for a transient reason (DNS), so a later try may pass.</summary>
    public bool AnyTemporaryError =>
        Spf.Verdict == SpfVerdict.TempError || Dkim.Any(d => d.Verdict == DkimVerdict.TempError) || Arc.TemporaryError;
}
