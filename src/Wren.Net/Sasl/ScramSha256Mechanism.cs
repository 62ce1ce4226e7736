using System.Security.Cryptography;
using System.Text;

namespace Wren.Net.Sasl;

/// <summary>
/// The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding. The exchange is
/// client-first, server-first, client-final, server-final (sent as a continuation challenge), then the
/// client's empty response completes it. An unknown user gets a plausible salt and iteration count and
/// fails only at the proof, so user names cannot be probed.
/// </summary>
public sealed class ScramSha256Mechanism : ISaslMechanism
{
    // Secret for the decoy salts of unknown users: stable within the process, so asking twice for the same
    // unknown user gives the same salt, just as for a real one.
    private static readonly byte[] DecoySaltKey = RandomNumberGenerator.GetBytes(32);

    private const int ServerNonceBytes = 18; // 24 base64 characters, no padding

    private readonly ISaslCredentialSource _credentials;
    private readonly string? _fixedServerNonce;
    private State _state = State.Start;

    private ScramClientFirst? _clientFirst;
    private string _serverFirst = string.Empty;
    private string _nonce = string.Empty;
    private ScramKeys? _keys;
    private bool _userKnown;

    /// <summary>Creates a mechanism for one exchange, finding users' keys in <paramref name="credentials"/>.</summary>
    public ScramSha256Mechanism(ISaslCredentialSource credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <summary>For test vectors: uses <paramref name="serverNonce"/> instead of a random one.</summary>
    internal ScramSha256Mechanism(ISaslCredentialSource credentials, string serverNonce)
        : this(credentials)
    {
        if (!ScramMessages.IsNonce(serverNonce))
        {
            throw new ArgumentException("Not a valid SCRAM nonce.", nameof(serverNonce));
        }

        _fixedServerNonce = serverNonce;
    }

    /// <inheritdoc />
    public string Name => SaslMechanismNames.ScramSha256;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The exchange has already finished.</exception>
    public async ValueTask<SaslStep> StepAsync(byte[]? clientResponse, CancellationToken cancellationToken)
    {
        switch (_state)
        {
            case State.Start when clientResponse is null or { Length: 0 }:
                // RFC 5802 §5: SCRAM is client-first; without an initial response, an empty challenge asks for it.
                _state = State.AwaitingClientFirst;
                return SaslStep.Continue([]);
            case State.Start or State.AwaitingClientFirst:
                return await OnClientFirstAsync(clientResponse, cancellationToken).ConfigureAwait(false);
            case State.AwaitingClientFinal:
                return OnClientFinal(clientResponse);
            case State.AwaitingCompletion:
                _state = State.Done;
                // RFC 5802 §5 and RFC 4422 §5: after the server-final message as a challenge, the client's
                // response is empty and the outcome follows.
                return clientResponse is null or { Length: 0 }
                    ? SaslStep.Success(_clientFirst!.User)
                    : SaslStep.Malformed();
            default:
                throw new InvalidOperationException("The SCRAM-SHA-256 exchange has already finished.");
        }
    }

    private async ValueTask<SaslStep> OnClientFirstAsync(byte[]? response, CancellationToken cancellationToken)
    {
        _state = State.Done; // until proven otherwise
        if (response is null || !SaslUtf8.TryDecode(response, out var text))
        {
            return SaslStep.Malformed();
        }

        switch (ScramMessages.ParseClientFirst(text, out var clientFirst))
        {
            case ScramParse.Malformed:
                return SaslStep.Malformed();
            case ScramParse.Unsupported:
                return SaslStep.Failure();
        }

        // RFC 5802 §5.1 a: Wren has no proxy authorisation, so an authzid must name the user itself.
        if (clientFirst!.Authzid is { } authzid && !string.Equals(authzid, clientFirst.User, StringComparison.Ordinal))
        {
            return SaslStep.Failure();
        }

        var keys = await _credentials.FindAsync(clientFirst.User, cancellationToken).ConfigureAwait(false);
        _userKnown = keys is { Iterations: > 0, Salt.Length: > 0, StoredKey.Length: ScramKeyDerivation.KeyLength };
        _keys = _userKnown ? keys : DecoyKeys(clientFirst.User);

        // RFC 5802 §5.1 r: the server appends its own nonce to the client's.
        _nonce = clientFirst.ClientNonce + (_fixedServerNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(ServerNonceBytes)));

        // RFC 5802 §7: server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_keys!.Salt)},i={_keys.Iterations}";
        _clientFirst = clientFirst;
        _state = State.AwaitingClientFinal;
        return SaslStep.Continue(Encoding.UTF8.GetBytes(_serverFirst));
    }

    private SaslStep OnClientFinal(byte[]? response)
    {
        _state = State.Done;
        if (response is null || !SaslUtf8.TryDecode(response, out var text)
            || ScramMessages.ParseClientFinal(text, out var clientFinal) != ScramParse.Ok)
        {
            return SaslStep.Malformed();
        }

        // RFC 5802 §5.1 c: without channel binding, c= carries the GS2 header exactly as the client sent it.
        var channelBindingMatches = CryptographicOperations.FixedTimeEquals(
            clientFinal!.ChannelBinding, Encoding.UTF8.GetBytes(_clientFirst!.Gs2Header));

        // RFC 5802 §5.1 r: the nonce must be the one the server sent in server-first-message.
        var nonceMatches = string.Equals(clientFinal.Nonce, _nonce, StringComparison.Ordinal);

        // RFC 5802 §3: AuthMessage := client-first-message-bare + "," + server-first-message + "," +
        //                             client-final-message-without-proof
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirst.Bare},{_serverFirst},{clientFinal.WithoutProof}");
        var proofMatches = ProofMatches(_keys!.StoredKey, authMessage, clientFinal.Proof);

        if (!(_userKnown & proofMatches & channelBindingMatches & nonceMatches))
        {
            return SaslStep.Failure();
        }

        // RFC 5802 §3: ServerSignature := HMAC(ServerKey, AuthMessage); server-final-message = "v=" base64
        var serverSignature = HMACSHA256.HashData(_keys.ServerKey, authMessage);
        _state = State.AwaitingCompletion;
        return SaslStep.Continue(Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(serverSignature)));
    }

    // RFC 5802 §3: ClientSignature := HMAC(StoredKey, AuthMessage); ClientKey := ClientProof XOR ClientSignature;
    // the proof is good when H(ClientKey) equals StoredKey.
    private static bool ProofMatches(byte[] storedKey, byte[] authMessage, byte[] proof)
    {
        if (proof.Length != ScramKeyDerivation.KeyLength)
        {
            return false;
        }

        Span<byte> clientKey = stackalloc byte[ScramKeyDerivation.KeyLength];
        HMACSHA256.HashData(storedKey, authMessage, clientKey);
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] ^= proof[i];
        }

        Span<byte> computed = stackalloc byte[ScramKeyDerivation.KeyLength];
        SHA256.HashData(clientKey, computed);
        CryptographicOperations.ZeroMemory(clientKey);
        return CryptographicOperations.FixedTimeEquals(computed, storedKey);
    }

    // A salt derived from the user name with a process secret, the default iteration count, random keys.
    private static ScramKeys DecoyKeys(string user)
    {
        var salt = HMACSHA256.HashData(DecoySaltKey, Encoding.UTF8.GetBytes(user))[..ScramKeyDerivation.SaltLength];
        return new ScramKeys(
            salt,
            ScramKeyDerivation.DefaultIterations,
            RandomNumberGenerator.GetBytes(ScramKeyDerivation.KeyLength),
            RandomNumberGenerator.GetBytes(ScramKeyDerivation.KeyLength));
    }

    private enum State
    {
        Start,
        AwaitingClientFirst,
        AwaitingClientFinal,
        AwaitingCompletion,
        Done,
    }
}
