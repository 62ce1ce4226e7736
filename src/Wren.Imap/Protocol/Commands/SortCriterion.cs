namespace Wren.Imap.Protocol;

/// <summary>One sort criterion: [REVERSE] key (RFC 5256 §3).</summary>
/// <param name="Key">The key.</param>
/// <param name="Reverse">REVERSE was given.</param>
public sealed record SortCriterion(SortKey Key, bool Reverse);
