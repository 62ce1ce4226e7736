namespace Wren.Imap.Protocol;

/// <summary>BINARY[part]&lt;partial&gt; or BINARY.PEEK[part]&lt;partial&gt; (RFC 9051 §6.4.5, RFC 3516 §4.2).</summary>
/// <param name="Part">The part numbers (empty for the whole message).</param>
/// <param name="Peek">BINARY.PEEK: do not set \Seen.</param>
/// <param name="Partial">The octet range of the decoded content, or null for all.</param>
public sealed record BinarySectionItem(IReadOnlyList<uint> Part, bool Peek, ImapPartial? Partial) : FetchItem
{
    /// <summary>The section as the response echoes it: <c>1.2</c> (empty for the whole message).</summary>
    public string PartText => string.Join('.', Part);
}
