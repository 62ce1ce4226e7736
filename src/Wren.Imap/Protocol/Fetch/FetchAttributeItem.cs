namespace Wren.Imap.Protocol;

/// <summary>A FETCH data item without a section: FLAGS, UID, ENVELOPE…</summary>
/// <param name="Attribute">Which one.</param>
public sealed record FetchAttributeItem(FetchAttribute Attribute) : FetchItem;
