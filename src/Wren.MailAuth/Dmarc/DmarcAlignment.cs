using Wren.MailAuth.PublicSuffix;

namespace Wren.MailAuth.Dmarc;

/// <summary>Identifier alignment (RFC 7489 §3.1): does an authenticated domain stand for the From domain?</summary>
public static class DmarcAlignment
{
    /// <summary>
    /// RFC 7489 §3.1.1 / §3.1.2: in strict mode the two names must be identical; in relaxed mode they must have the
    /// same Organizational Domain (§3.2). Names compare as lower-case A-labels, a trailing dot ignored.
    /// </summary>
    /// <param name="authenticatedDomain">The DKIM d= or the SPF-checked MAIL FROM domain.</param>
    /// <param name="fromDomain">The RFC5322.From domain.</param>
    /// <param name="mode">adkim= or aspf=.</param>
    /// <param name="suffixes">The Public Suffix List, for relaxed mode.</param>
    /// <returns>False when either name is not a domain name.</returns>
    public static bool IsAligned(string authenticatedDomain, string fromDomain, DmarcAlignmentMode mode, PublicSuffixList suffixes)
    {
        ArgumentNullException.ThrowIfNull(suffixes);
        if (DomainLabels.ToAscii(authenticatedDomain) is not { } a || DomainLabels.ToAscii(fromDomain) is not { } f)
            return false;
        if (a == f)
            return true;
        return mode == DmarcAlignmentMode.Relaxed
            && suffixes.TryGetOrganizationalDomain(a, out string? orgA)
            && suffixes.TryGetOrganizationalDomain(f, out string? orgF)
            && orgA == orgF;
    }
}
