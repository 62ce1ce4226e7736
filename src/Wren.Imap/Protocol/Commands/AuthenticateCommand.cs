namespace Wren.Imap.Protocol;

/// <summary>AUTHENTICATE mechanism [initial-response] (RFC 9051 §6.2.2, SASL-IR RFC 4959 §3). Further client responses are read with <see cref="ImapCommandReader.ReadSaslResponseAsync"/>.</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mechanism">The SASL mechanism name, upper case.</param>
/// <param name="InitialResponse">The decoded initial response: null when absent, empty for "=" (RFC 4959 §3).</param>
public sealed record AuthenticateCommand(string Tag, string Mechanism, byte[]? InitialResponse) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "AUTHENTICATE";
}
