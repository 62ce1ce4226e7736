namespace Wren.MailAuth.Spf;

/// <summary>Limits and environment of <see cref="SpfChecker"/>; the defaults are RFC 7208's.</summary>
public sealed record SpfOptions
{
    /// <summary>
    /// Most terms that query the DNS (include, a, mx, ptr, exists, redirect) in one check, includes and redirects
    /// counted in; one more is a permerror (RFC 7208 §4.6.4: 10).
    /// </summary>
    public int LookupLimit { get; init; } = 10;

    /// <summary>Most terms whose lookup finds nothing (NXDOMAIN or no records); one more is a permerror (RFC 7208 §4.6.4: 2).</summary>
    public int VoidLookupLimit { get; init; } = 2;

    /// <summary>Most MX records an <c>mx</c> mechanism looks up addresses for; more is a permerror (RFC 7208 §4.6.4: 10).</summary>
    public int MxAddressLimit { get; init; } = 10;

    /// <summary>Most PTR names a <c>ptr</c> mechanism or <c>%{p}</c> validates; the rest are ignored (RFC 7208 §4.6.4: 10).</summary>
    public int PtrAddressLimit { get; init; } = 10;

    /// <summary>
    /// Longest one check may take; when it is over the result is temperror (RFC 7208 §4.6.4 asks for a limit of at
    /// least 20 seconds). <c>null</c>: no limit other than the caller's cancellation token.
    /// </summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>This host's name, the <c>%{r}</c> macro of explanations (RFC 7208 §7.2; "unknown" when not set).</summary>
    public string ReceiverName { get; init; } = "unknown";

    /// <summary>The clock for <see cref="Timeout"/> and the <c>%{t}</c> macro.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
