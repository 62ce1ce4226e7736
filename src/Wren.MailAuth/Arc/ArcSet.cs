using MimeKit;

namespace Wren.MailAuth.Arc;

/// <summary>One ARC Set (RFC 8617 §4.2): the AAR, AMS and AS fields sharing instance <see cref="Instance"/>.</summary>
internal sealed record ArcSet(int Instance, Header AuthenticationResults, Header MessageSignature, ArcTagList MessageSignatureTags,
    Header Seal, ArcTagList SealTags)
{
    /// <summary>The AS cv= value (RFC 8617 §4.1.3): none, pass or fail.</summary>
    public string ChainValidation => SealTags["cv"]!;
}
