namespace Wren.Delivery.Inbound;

/// <summary>
/// What Wren checks on mail arriving at the MX port and signs on mail its users send; bound from the
/// <c>MailAuth</c> configuration section.
/// </summary>
public sealed class MailAuthOptions
{
    /// <summary><c>MailAuth:Verify</c>: check SPF, DKIM, ARC and DMARC on the MX port and add Authentication-Results.</summary>
    public bool Verify { get; set; } = true;

    /// <summary><c>MailAuth:AuthServId</c>: the authserv-id of Wren's Authentication-Results (RFC 8601 §2.5); the host name when empty.</summary>
    public string? AuthServId { get; set; }

    /// <summary><c>MailAuth:DmarcReject</c>: refuse mail whose DMARC policy says reject with 550 5.7.1 (RFC 7489 §6.6.4).</summary>
    public bool DmarcReject { get; set; } = true;

    /// <summary><c>MailAuth:DmarcQuarantine</c>: file mail whose DMARC policy says quarantine in the recipient's Junk.</summary>
    public bool DmarcQuarantine { get; set; } = true;

    /// <summary>
    /// <c>MailAuth:SpfFailReject</c>: refuse an SPF fail on its own (550 5.7.23). Off by default: forwarding breaks SPF,
    /// and DMARC is the check that weighs SPF together with DKIM (RFC 7489 §10.1).
    /// </summary>
    public bool SpfFailReject { get; set; }

    /// <summary><c>MailAuth:Timeout</c>: the most time all DNS work for one message may take; what is unfinished then counts as temperror.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary><c>MailAuth:MaxDkimSignatures</c>: DKIM signatures verified per message; later ones are not evaluated.</summary>
    public int MaxDkimSignatures { get; set; } = 5;

    /// <summary><c>MailAuth:PublicSuffixList</c>: the Public Suffix List file (Debian's <c>publicsuffix</c> package).</summary>
    public string PublicSuffixList { get; set; } = "/usr/share/publicsuffix/public_suffix_list.dat";

    /// <summary><c>MailAuth:Sign</c>: DKIM-sign what users submit, and DSNs, when the data folder holds a key for the domain.</summary>
    public bool Sign { get; set; } = true;

    /// <summary><c>MailAuth:ArcSeal</c>: add an ARC set (RFC 8617) when an alias forwards arriving mail to another server.</summary>
    public bool ArcSeal { get; set; } = true;
}
