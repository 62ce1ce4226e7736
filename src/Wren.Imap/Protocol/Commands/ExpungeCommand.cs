namespace Wren.Imap.Protocol;

/// <summary>EXPUNGE (RFC 9051 §6.4.3).</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record ExpungeCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "EXPUNGE";
}
