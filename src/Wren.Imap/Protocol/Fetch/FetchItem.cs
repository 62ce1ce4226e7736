namespace Wren.Imap.Protocol;

/// <summary>One FETCH data item (RFC 9051 §6.4.5). Match on the concrete type.</summary>
public abstract record FetchItem;
