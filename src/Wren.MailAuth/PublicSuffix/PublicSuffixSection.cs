namespace Wren.MailAuth.PublicSuffix;

/// <summary>The two divisions of the Public Suffix List file (<c>// ===BEGIN ICANN DOMAINS===</c> and <c>// ===BEGIN PRIVATE DOMAINS===</c>).</summary>
[Flags]
public enum PublicSuffixSections
{
    /// <summary>Neither section (only the default rule <c>*</c> applies).</summary>
    None = 0,
    /// <summary>Suffixes operated by registries under ICANN (<c>com</c>, <c>co.uk</c>).</summary>
    Icann = 1,
    /// <summary>Suffixes that private operators open to the public (hosting and dynamic-DNS providers).</summary>
    Private = 2,
    /// <summary>Both sections: Wren's default for DMARC, as most DMARC receivers do, so that two customers of a
    /// hosting provider's shared suffix are never one organization.</summary>
    All = Icann | Private,
}
