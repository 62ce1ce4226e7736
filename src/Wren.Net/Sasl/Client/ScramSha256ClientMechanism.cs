using System.Security.Cryptography;
using System.Text;

namespace Wren.Net.Sasl.Client;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding. The client proves it knows
/// the password without sending it, and checks the server's signature, so that a server that does not hold
/// the user's keys cannot pass itself off as the real one (RFC 5802 §5.1 v).
/// </summary>
public sealed class ScramSha256ClientMechanism : ISaslClientMechanism
{
    /// <summary>
    /// Largest iteration count accepted from a server: RFC 7677 §4 asks for at least 4096, and a hostile server
    /// could otherwise make the client spin for hours on one PBKDF2.
    /// </summary>
    public const int MaxIterations = 1_000_000;

    private const string Gs2Header = "n,,"; // RFC 5802 §7: no channel binding, no authzid

    private readonly string _user;
    private readonly string _password;
    private readonly string _clientNonce;
    private State _state = State.Start;
    private string _clientFirstBare = string.Empty;
    private byte[]? _expectedServerSignature;

    /// <summary>Creates the mechanism for <paramref name="user"/> and <paramref name="password"/> with a random nonce.</summary>
    public ScramSha256ClientMechanism(string user, string password)
        : this(user, password, Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)))
    {
    }

    /// <summary>For test vectors: uses <paramref name="clientNonce"/> instead of a random one.</summary>
    internal ScramSha256ClientMechanism(string user, string password, string clientNonce)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (!ScramMessages.IsNonce(clientNonce))
        {
            throw new ArgumentException("Not a valid SCRAM nonce.", nameof(clientNonce));
        }

        _user = user;
        _password = password;
        _clientNonce = clientNonce;
    }

    /// <inheritdoc />
    public string Name => SaslMechanismNames.ScramSha256;

    /// <inheritdoc />
    public bool IsComplete => _state == State.Verified;

    /// <inheritdoc />
    public byte[]? InitialResponse()
    {
        if (_state != State.Start)
        {
            throw new InvalidOperationException("The SCRAM exchange has already started.");
        }

        // RFC 5802 §7: client-first-message = gs2-header client-first-message-bare; bare = username "," nonce
        _clientFirstBare = $"n={ScramServerMessages.EncodeSaslName(_user)},r={_clientNonce}";
        _state = State.AwaitingServerFirst;
        return Encoding.UTF8.GetBytes(Gs2Header + _clientFirstBare);
    }

    /// <inheritdoc />
    public byte[] Respond(byte[] challenge)
    {
        switch (_state)
        {
            case State.Start when challenge.Length == 0:
                // RFC 4422 §5: without an initial response the server asks with an empty challenge.
                return InitialResponse()!;
            case State.AwaitingServerFirst:
                return OnServerFirst(Decode(challenge));
            case State.AwaitingServerFinal:
                return OnServerFinal(Decode(challenge));
            default:
                throw new SaslClientException("unexpected SCRAM-SHA-256 challenge from the server");
        }
    }

    private byte[] OnServerFirst(string serverFirst)
    {
        _state = State.Failed;
        if (!ScramServerMessages.TryParseServerFirst(serverFirst, out var parsed))
        {
            throw new SaslClientException("malformed SCRAM server-first-message");
        }

        // RFC 5802 §5.1 r: the server's nonce must begin with the client's and add to it.
        if (!parsed!.Nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || parsed.Nonce.Length == _clientNonce.Length)
        {
            throw new SaslClientException("the server's SCRAM nonce does not extend the client's");
        }

        if (parsed.Iterations > MaxIterations)
        {
            throw new SaslClientException($"the server asks for {parsed.Iterations} SCRAM iterations (at most {MaxIterations} accepted)");
        }

        // RFC 5802 §7: client-final-message-without-proof = channel-binding "," nonce; c= is base64 of the GS2 header.
        var withoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(Gs2Header))},r={parsed.Nonce}";

        // RFC 5802 §3: AuthMessage := client-first-message-bare + "," + server-first-message + "," +
        //                             client-final-message-without-proof
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");

        var saltedPassword = ScramKeyDerivation.SaltedPassword(_password, parsed.Salt, parsed.Iterations);
        var clientKey = ScramKeyDerivation.ClientKey(saltedPassword);
        var serverKey = ScramKeyDerivation.ServerKey(saltedPassword);
        try
        {
            // RFC 5802 §3: StoredKey := H(ClientKey); ClientSignature := HMAC(StoredKey, AuthMessage);
            // ClientProof := ClientKey XOR ClientSignature; ServerSignature := HMAC(ServerKey, AuthMessage).
            var clientSignature = HMACSHA256.HashData(SHA256.HashData(clientKey), authMessage);
            var proof = new byte[clientKey.Length];
            for (var i = 0; i < proof.Length; i++)
            {
                proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
            }

            _expectedServerSignature = HMACSHA256.HashData(serverKey, authMessage);
            _state = State.AwaitingServerFinal;
            return Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(saltedPassword);
            CryptographicOperations.ZeroMemory(clientKey);
            CryptographicOperations.ZeroMemory(serverKey);
        }
    }

    private byte[] OnServerFinal(string serverFinal)
    {
        _state = State.Failed;
        if (!ScramServerMessages.TryParseServerFinal(serverFinal, out var signature, out var error))
        {
            throw new SaslClientException("malformed SCRAM server-final-message");
        }

        if (error is not null)
        {
            throw new SaslClientException($"the server reports SCRAM error '{error}'");
        }

        // RFC 5802 §5.1 v: the client MUST verify the server signature; a mismatch means the server does not
        // know the user's keys (an impostor), whatever it answers next.
        if (!CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
        {
            throw new SaslClientException("the server's SCRAM signature is wrong: the server could not prove it knows the password");
        }

        _state = State.Verified;

        // RFC 5802 §5 / RFC 4422 §5: the server-final message arrives as a challenge, answered empty.
        return [];
    }

    private static string Decode(byte[] challenge)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(challenge);
        }
        catch (DecoderFallbackException)
        {
            throw new SaslClientException("SCRAM challenge is not UTF-8");
        }
    }

    private enum State
    {
        Start,
        AwaitingServerFirst,
        AwaitingServerFinal,
        Verified,
        Failed,
    }
}
