namespace Wren.MailAuth.Spf;

/// <summary>The results of check_host() (RFC 7208 §2.6), named as Authentication-Results writes them (RFC 8601 §2.7.2).</summary>
public enum SpfVerdict
{
    /// <summary>No SPF record, or no checkable domain (RFC 7208 §2.6.1).</summary>
    None,
    /// <summary>The domain states nothing about this client (§2.6.2).</summary>
    Neutral,
    /// <summary>The client is authorized (§2.6.3).</summary>
    Pass,
    /// <summary>The client is explicitly not authorized (§2.6.4).</summary>
    Fail,
    /// <summary>Probably not authorized; a weak statement (§2.6.5).</summary>
    SoftFail,
    /// <summary>A transient (usually DNS) error; a later retry may succeed (§2.6.6).</summary>
    TempError,
    /// <summary>The published records could not be correctly interpreted (§2.6.7).</summary>
    PermError,
}

/// <summary>The outcome of one SPF check.</summary>
/// <param name="Verdict">The result.</param>
/// <param name="Domain">The domain that was checked (the MAIL FROM domain, or the HELO name).</param>
/// <param name="Identity">Which identity was checked: <c>mailfrom</c> or <c>helo</c> (RFC 7208 §2.3, §2.4).</param>
/// <param name="Explanation">The explanation string for a fail (exp= modifier, RFC 7208 §6.2), when there is one.</param>
/// <param name="Problem">What went wrong, for temperror/permerror; for logs and the A-R comment.</param>
public sealed record SpfResult(SpfVerdict Verdict, string Domain, string Identity = "mailfrom", string? Explanation = null, string? Problem = null);
