namespace Wren.Imap.Protocol;

/// <summary>SETQUOTA root (resource limit ...) (RFC 9208 §4.4).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Root">The quota root name.</param>
/// <param name="Limits">The new limits; empty removes them all.</param>
public sealed record SetQuotaCommand(string Tag, string Root, IReadOnlyList<QuotaLimit> Limits) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "SETQUOTA";
}
