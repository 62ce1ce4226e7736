namespace Wren.Imap.Protocol;

/// <summary>BODY[section]&lt;partial&gt; or BODY.PEEK[section]&lt;partial&gt; (RFC 9051 §6.4.5).</summary>
/// <param name="Section">The section.</param>
/// <param name="Peek">BODY.PEEK: do not set \Seen.</param>
/// <param name="Partial">The octet range, or null for all.</param>
public sealed record BodySectionItem(ImapBodySection Section, bool Peek, ImapPartial? Partial) : FetchItem;
