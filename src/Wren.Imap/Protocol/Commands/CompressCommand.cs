namespace Wren.Imap.Protocol;

/// <summary>COMPRESS algorithm (RFC 4978 §3). Only DEFLATE exists; the session checks.</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Algorithm">The algorithm name, upper case.</param>
public sealed record CompressCommand(string Tag, string Algorithm) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "COMPRESS";
}
