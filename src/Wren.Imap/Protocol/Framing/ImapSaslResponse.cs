namespace Wren.Imap.Protocol;

/// <summary>A client's answer to an AUTHENTICATE challenge (RFC 9051 §6.2.2).</summary>
/// <param name="Kind">What the client sent.</param>
/// <param name="Data">The decoded response for <see cref="ImapSaslResponseKind.Data"/>, else null.</param>
public readonly record struct ImapSaslResponse(ImapSaslResponseKind Kind, byte[]? Data);

/// <summary>The kinds of <see cref="ImapSaslResponse"/>.</summary>
public enum ImapSaslResponseKind
{
    /// <summary>A BASE64 response, decoded.</summary>
    Data,

    /// <summary>"*": the client cancels; answer tagged BAD (RFC 9051 §6.2.2).</summary>
    Cancelled,

    /// <summary>Not BASE64, or too long: answer tagged BAD.</summary>
    Invalid,

    /// <summary>The client closed the connection.</summary>
    EndOfInput,
}
