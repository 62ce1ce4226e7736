namespace Wren.MailAuth.Dmarc;

/// <summary>The RFC5322.From domain DMARC evaluates, or why there is none.</summary>
/// <param name="Domain">The single author domain, as lower-case A-labels; null when there is none.</param>
/// <param name="Problem">Why there is no single usable domain (a DMARC permerror); null when there is one.</param>
public sealed record FromDomain(string? Domain, string? Problem)
{
    /// <summary>True when <see cref="Domain"/> holds the domain.</summary>
    public bool Found => Domain is not null;
}
