namespace Wren.Imap.Protocol;

/// <summary>GETQUOTA root (RFC 9208 §4.2).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Root">The quota root name.</param>
public sealed record GetQuotaCommand(string Tag, string Root) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "GETQUOTA";
}
