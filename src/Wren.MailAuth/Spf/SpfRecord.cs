namespace Wren.MailAuth.Spf;

/// <summary>A parsed <c>v=spf1</c> record: its mechanisms in order and the two modifiers that mean something.</summary>
/// <param name="Mechanisms">The mechanisms, evaluated left to right (RFC 7208 §4.6.2).</param>
/// <param name="Redirect">The <c>redirect=</c> domain-spec (§6.1), if any.</param>
/// <param name="Explanation">The <c>exp=</c> domain-spec (§6.2), if any.</param>
internal sealed record SpfRecord(IReadOnlyList<SpfMechanism> Mechanisms, SpfMacroString? Redirect, SpfMacroString? Explanation);
