namespace Wren.MailAuth.Dmarc;

/// <summary>DMARC results as Authentication-Results writes them (RFC 7489 §11.2).</summary>
public enum DmarcVerdict
{
    /// <summary>The From domain (and its organizational domain) publish no DMARC record.</summary>
    None,
    /// <summary>An aligned SPF or DKIM pass.</summary>
    Pass,
    /// <summary>No aligned pass.</summary>
    Fail,
    /// <summary>The DMARC record could not be fetched (DNS failure).</summary>
    TempError,
    /// <summary>The DMARC record is malformed, or the From field has no single usable domain.</summary>
    PermError,
}

/// <summary>The policy a domain asks receivers to apply to mail that fails (RFC 7489 §6.3 p= and sp=).</summary>
public enum DmarcPolicy
{
    /// <summary>Monitor only.</summary>
    None,
    /// <summary>Treat as suspicious (Wren files it in Junk).</summary>
    Quarantine,
    /// <summary>Refuse during the SMTP transaction.</summary>
    Reject,
}

/// <summary>The outcome of a DMARC evaluation for one message.</summary>
/// <param name="Verdict">The result.</param>
/// <param name="FromDomain">The RFC5322.From domain (header.from).</param>
/// <param name="PolicyDomain">The domain whose record applied (the From domain or its organizational domain), or null.</param>
/// <param name="Policy">The published policy that applies to this From domain (p=, or sp= for a subdomain).</param>
/// <param name="Disposition">What the receiver should do after pct= sampling: <see cref="DmarcPolicy.None"/> on pass.</param>
/// <param name="SpfAligned">An SPF pass whose domain aligns with the From domain.</param>
/// <param name="DkimAligned">A DKIM pass whose d= aligns with the From domain.</param>
/// <param name="Problem">What went wrong, for temperror/permerror.</param>
public sealed record DmarcResult(
    DmarcVerdict Verdict, string? FromDomain, string? PolicyDomain, DmarcPolicy Policy, DmarcPolicy Disposition,
    bool SpfAligned, bool DkimAligned, string? Problem = null)
{
    /// <summary>The record that applied, or null when none was found or usable.</summary>
    public DmarcRecord? Record { get; init; }

    /// <summary>For a failing message under pct= below 100: whether it was among the sampled share that gets the
    /// full policy (RFC 7489 §6.6.4); null when no sampling happened (pass, pct=100, or no policy).</summary>
    public bool? Sampled { get; init; }

    /// <summary>True when <see cref="Policy"/> came from sp= rather than p= (a subdomain of the policy domain).</summary>
    public bool SubdomainPolicyApplied { get; init; }
}
