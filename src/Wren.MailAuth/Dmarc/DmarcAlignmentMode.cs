namespace Wren.MailAuth.Dmarc;

/// <summary>Identifier alignment modes (RFC 7489 §3.1, the adkim= and aspf= tags).</summary>
public enum DmarcAlignmentMode
{
    /// <summary><c>r</c>: the domains share one Organizational Domain (the default).</summary>
    Relaxed,
    /// <summary><c>s</c>: the domains are identical.</summary>
    Strict,
}
