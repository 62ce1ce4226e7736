namespace Wren.MailAuth.Dmarc;

/// <summary>How DMARC policy discovery ended (RFC 7489 §6.6.3).</summary>
public enum DmarcDiscoveryStatus
{
    /// <summary>A usable record was found at <see cref="DmarcDiscovery.PolicyDomain"/>.</summary>
    Found,
    /// <summary>No record at the From domain nor at its Organizational Domain, or several at one of them: no DMARC processing.</summary>
    None,
    /// <summary>A DNS lookup failed temporarily.</summary>
    TempError,
    /// <summary>The record found cannot be used (no valid p= and no valid rua=).</summary>
    PermError,
}

/// <summary>The outcome of policy discovery for one From domain.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Record">The record, for <see cref="DmarcDiscoveryStatus.Found"/>.</param>
/// <param name="PolicyDomain">The domain whose <c>_dmarc</c> name held the record (or failed), or null.</param>
/// <param name="AtOrganizationalDomain">True when the record came from the Organizational Domain's name after the From
/// domain had none (only then does sp= apply).</param>
/// <param name="Problem">What went wrong, in words, for anything but <see cref="DmarcDiscoveryStatus.Found"/>.</param>
public sealed record DmarcDiscovery(
    DmarcDiscoveryStatus Status, DmarcRecord? Record, string? PolicyDomain, bool AtOrganizationalDomain, string? Problem = null);
