namespace Wren.Net.Sasl;

/// <summary>
/// The server side of SASL PLAIN (RFC 4616): one message <c>[authzid] NUL authcid NUL passwd</c>. Only safe
/// over TLS; the protocol decides where to offer it.
/// </summary>
public sealed class PlainMechanism : ISaslMechanism
{
    private readonly ISaslCredentialSource _credentials;
    private State _state = State.Start;

    /// <summary>Creates a mechanism for one exchange, checking passwords against <paramref name="credentials"/>.</summary>
    public PlainMechanism(ISaslCredentialSource credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <inheritdoc />
    public string Name => SaslMechanismNames.Plain;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The exchange has already finished.</exception>
    public async ValueTask<SaslStep> StepAsync(byte[]? clientResponse, CancellationToken cancellationToken)
    {
        switch (_state)
        {
            case State.Start when clientResponse is null or { Length: 0 }:
                // RFC 4422 §5 and RFC 4616 §2: the client sends the message; with no initial response the
                // server sends an empty challenge to ask for it.
                _state = State.AwaitingMessage;
                return SaslStep.Continue([]);
            case State.Start or State.AwaitingMessage:
                _state = State.Done;
                return await CheckAsync(clientResponse, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException("The PLAIN exchange has already finished.");
        }
    }

    private async ValueTask<SaslStep> CheckAsync(byte[]? message, CancellationToken cancellationToken)
    {
        if (message is null || !TryParse(message, out var authzid, out var authcid, out var password))
        {
            return SaslStep.Malformed();
        }

        // RFC 4616 §2: the server fails the exchange if the authcid may not act as the authzid; Wren has no
        // proxy authorisation, so a non-empty authzid must name the same user.
        if (authzid.Length > 0 && !string.Equals(authzid, authcid, StringComparison.Ordinal))
        {
            return SaslStep.Failure();
        }

        return await PasswordVerifier.VerifyAsync(_credentials, authcid, password, cancellationToken).ConfigureAwait(false)
            ? SaslStep.Success(authcid)
            : SaslStep.Failure();
    }

    // RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd; authcid and passwd are 1*SAFE,
    // SAFE being any UTF-8 character except NUL.
    private static bool TryParse(ReadOnlySpan<byte> message, out string authzid, out string authcid, out string password)
    {
        authzid = authcid = password = string.Empty;
        var first = message.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var rest = message[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second <= 0 || second == rest.Length - 1)
        {
            return false; // no second NUL, empty authcid or empty passwd
        }

        return SaslUtf8.TryDecode(message[..first], out authzid)
            && SaslUtf8.TryDecode(rest[..second], out authcid)
            && SaslUtf8.TryDecode(rest[(second + 1)..], out password); // a third NUL fails here
    }

    private enum State
    {
        Start,
        AwaitingMessage,
        Done,
    }
}
