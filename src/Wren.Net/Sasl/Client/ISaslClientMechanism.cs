namespace Wren.Net.Sasl.Client;

/// <summary>
/// The client side of one SASL exchange (RFC 4422), independent of the protocol that carries it (SMTP AUTH,
/// IMAP AUTHENTICATE, POP3 AUTH). One instance per exchange; the protocol base64-encodes what it returns.
/// </summary>
public interface ISaslClientMechanism
{
    /// <summary>The IANA mechanism name, e.g. <c>PLAIN</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The initial response to send with the command (RFC 4422 §5), or null when the mechanism waits for the
    /// server's first challenge.
    /// </summary>
    byte[]? InitialResponse();

    /// <summary>Answers one server challenge (already base64-decoded).</summary>
    /// <exception cref="SaslClientException">The challenge is malformed, or the server failed to prove itself.</exception>
    byte[] Respond(byte[] challenge);

    /// <summary>
    /// True once the client has seen everything it needs for success: for SCRAM, the verified server
    /// signature. A server's success reply before that is a failure of mutual authentication.
    /// </summary>
    bool IsComplete { get; }
}
