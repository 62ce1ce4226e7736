namespace Wren.Net.Sasl;

/// <summary>
/// The server side of one SASL exchange (RFC 4422), independent of the protocol carrying it: SMTP AUTH,
/// IMAP AUTHENTICATE and POP3 AUTH all drive it the same way. One instance per exchange.
/// </summary>
public interface ISaslMechanism
{
    /// <summary>The IANA mechanism name, e.g. <c>PLAIN</c>, <c>LOGIN</c>, <c>SCRAM-SHA-256</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Feeds the client's next response (already base64-decoded; null when the client sent no initial
    /// response) and returns what to do next.
    /// </summary>
    ValueTask<SaslStep> StepAsync(byte[]? clientResponse, CancellationToken cancellationToken);
}

/// <summary>The outcome of one <see cref="ISaslMechanism.StepAsync"/>.</summary>
public sealed record SaslStep
{
    /// <summary>Where the exchange stands.</summary>
    public required SaslStatus Status { get; init; }

    /// <summary>For <see cref="SaslStatus.Continue"/>: the challenge to send (raw bytes; the protocol base64-encodes).</summary>
    public byte[]? Challenge { get; init; }

    /// <summary>For <see cref="SaslStatus.Succeeded"/>: the authenticated user (authorization identity).</summary>
    public string? User { get; init; }

    /// <summary>A continuation challenge.</summary>
    public static SaslStep Continue(byte[] challenge) => new() { Status = SaslStatus.Continue, Challenge = challenge };

    /// <summary>Authentication succeeded as <paramref name="user"/>.</summary>
    public static SaslStep Success(string user) => new() { Status = SaslStatus.Succeeded, User = user };

    /// <summary>Wrong credentials or unknown user (the two are never told apart to the client).</summary>
    public static SaslStep Failure() => new() { Status = SaslStatus.Failed };

    /// <summary>The client's message does not follow the mechanism's syntax.</summary>
    public static SaslStep Malformed() => new() { Status = SaslStatus.Malformed };
}

/// <summary>States of a SASL exchange.</summary>
public enum SaslStatus
{
    /// <summary>Send <see cref="SaslStep.Challenge"/> and wait for another response.</summary>
    Continue,
    /// <summary>Authenticated.</summary>
    Succeeded,
    /// <summary>Credentials rejected.</summary>
    Failed,
    /// <summary>Syntax error in the client's data (SMTP 501, IMAP BAD).</summary>
    Malformed,
}

/// <summary>Where mechanisms find users' keys. The store implements it; passwords are never stored.</summary>
public interface ISaslCredentialSource
{
    /// <summary>The SCRAM-SHA-256 keys of a user (looked up by the address the client gave), or null.</summary>
    ValueTask<ScramKeys?> FindAsync(string user, CancellationToken cancellationToken);
}

/// <summary>
/// SCRAM-SHA-256 keys per RFC 5802 §3 and RFC 7677. PLAIN and LOGIN verify a password against them too,
/// by deriving StoredKey from the password with the same salt and iteration count.
/// </summary>
/// <param name="Salt">Random salt.</param>
/// <param name="Iterations">PBKDF2 iteration count (RFC 7677 recommends at least 4096).</param>
/// <param name="StoredKey">H(HMAC(SaltedPassword, "Client Key")).</param>
/// <param name="ServerKey">HMAC(SaltedPassword, "Server Key").</param>
public sealed record ScramKeys(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey);
